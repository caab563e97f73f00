"""Document the errors every endpoint can give, and conditional reads, so that clients (and schemathesis) know them."""

ERROR = {
    "type": "object",
    "description": "A message, or field names mapped to lists of messages.",
    "additionalProperties": True,
}
COMMON = {
    "400": "Invalid query parameters or request body; the message names the problem.",
    "404": "No such object (or one the caller may not see), or a page out of range.",
    "406": "The Accept header asks for a format this endpoint does not offer.",
    "429": "Too many requests (or failed token logins) from this caller; retry after the Retry-After header.",
}
WRITES = {
    "401": "Authentication required.",
    "413": "The request body is larger than the API accepts.",
    "403": "Only instructors may write, and only to the courses they teach.",
}
BODIES = {"415": "The request body is not JSON, a form or multipart form data (see its Content-Type)."}


BIBLIOGRAPHY_TYPES = {
    "application/vnd.citationstyles.csl+json": {"type": "array", "items": {"type": "object"}},
    "application/x-bibtex": {"type": "string"},
    "application/x-research-info-systems": {"type": "string"},
}
BIBLIOGRAPHY_PATHS = ("/api/v1/references/", "/api/v1/courses/")

# Reads are conditional (api/caching.py and Django's ConditionalGetMiddleware).
CACHING_HEADERS = {
    "ETag": {"description": "A validator of this representation; send it back in If-None-Match.",
             "schema": {"type": "string"}},
    "Last-Modified": {"description": "When the site's content last changed; send it back in If-Modified-Since. "
                      "Left out during the second of a change.", "schema": {"type": "string"}},
}  # fmt: skip
# Writes are conditional too (api/caching.PreconditionsMixin): no lost updates.
PRECONDITIONS = [
    {
        "name": "If-Match",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "The ETag of your last read of this object: the write is refused with 412 if it changed since.",
    },
    {
        "name": "If-Unmodified-Since",
        "in": "header",
        "required": False,
        "schema": {"type": "string"},
        "description": "An HTTP date: the write is refused with 412 if the object changed after it.",
    },
]
PRECONDITION_FAILED = "The object changed since the If-Match ETag or If-Unmodified-Since date: read it again."
NOT_MODIFIED = "Not modified since the If-Modified-Since time, or the If-None-Match ETag still matches: no body."


def add_error_responses(result, generator, request, public):
    for url, path in result.get("paths", {}).items():
        for method, operation in path.items():
            if method == "get":
                # Reading is public: no credentials needed (they are used when given).
                operation["security"] = [*operation.get("security", []), {}]
                for parameter in operation.get("parameters", []):
                    if parameter["in"] != "query":
                        continue
                    if parameter["name"] in ("page", "page_size"):
                        parameter["schema"]["minimum"] = 1
                    if parameter["name"] == "page_size":
                        parameter["schema"]["maximum"] = 100
                    elif parameter["schema"].get("type") in ("integer", "number"):
                        # A filter left empty (?year_min=) means "any", as HTML forms send it.
                        parameter["schema"] = {"anyOf": [parameter["schema"], {"type": "string", "enum": [""]}]}
                    if "enum" in parameter["schema"] and "" not in parameter["schema"]["enum"]:
                        parameter["schema"]["enum"].append("")  # an empty filter means "any"
                responses = operation.setdefault("responses", {})
                if "200" in responses:
                    responses["200"]["headers"] = CACHING_HEADERS
                    responses["304"] = {"description": NOT_MODIFIED}
                ok = responses.get("200", {}).get("content")
                if ok is not None and url.startswith(BIBLIOGRAPHY_PATHS):
                    for media_type, schema in BIBLIOGRAPHY_TYPES.items():
                        ok[media_type] = {"schema": schema}
            if method in ("put", "patch", "delete"):
                operation["parameters"] = [*operation.get("parameters", []), *PRECONDITIONS]
                operation.setdefault("responses", {})["412"] = {
                    "description": PRECONDITION_FAILED,
                    "content": {"application/json": {"schema": ERROR}},
                }
            codes = {**COMMON, **(WRITES if method in ("post", "put", "patch", "delete") else {})}
            codes.update(BODIES if method in ("post", "put", "patch") else {})
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": ERROR}}}
                )
            for content in operation.get("requestBody", {}).get("content", {}).values():
                # A field the resource does not have is refused (api.serializers.StrictFieldsMixin), not ignored.
                name = content["schema"].get("$ref", "").rpartition("/")[2]
                if name in result.get("components", {}).get("schemas", {}):
                    result["components"]["schemas"][name]["additionalProperties"] = False
    return result
