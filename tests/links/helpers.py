"""Reading what the public pages say about links: COinS spans, meta tags, find-it actions."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit


class PageLinks(HTMLParser):
    """The COinS spans' context objects, the citation_* meta tags and every link (href, class, text) of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.coins: list[dict[str, list[str]]] = []
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict] = []
        self._open: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "span" and "Z3988" in (attrs.get("class") or "").split():
            self.coins.append(parse_qs(attrs["title"], strict_parsing=True))
        elif tag == "meta" and (attrs.get("name") or "").startswith("citation_"):
            self.meta.append((attrs["name"], attrs["content"]))
        elif tag == "a":
            self._open = {"href": attrs.get("href", ""), "class": (attrs.get("class") or "").split(), "text": ""}
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def links_with_class(self, css: str) -> list[dict]:
        return [link for link in self.links if css in link["class"]]


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, strict_parsing=True)


def page(client, url: str) -> PageLinks:
    response = client.get(url)
    assert response.status_code == 200, url
    return PageLinks(response.content.decode())
