"""Reading a Content-Security-Policy header in tests."""


def csp_directives(response) -> dict[str, list[str]]:
    """{directive: [sources]} of the response's Content-Security-Policy header ({} when it has none)."""
    directives = {}
    for part in response.get("Content-Security-Policy", "").split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives
