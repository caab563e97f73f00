"""OpenURL (ANSI/NISO Z39.88-2004) context objects for references, in Key/Encoded-Value (KEV) form.

One context object serves three things: the COinS span that lets the Zotero Connector (and other reference
managers) save a citation from any page, the "Find it at your library" link to the institution's link resolver
(settings.OPENURL_RESOLVER: SFX, Alma, 360 Link…), and nothing else needs to know the format.

Each stored type maps to one of the standard metadata formats (journal, book, dissertation) and a genre, as
the KEV registry defines them (info:ofi/fmt:kev:mtx:…).
"""

from urllib.parse import urlencode

from django.conf import settings

from literature.models import ReferenceType

CTX_VERSION = "Z39.88-2004"
RFR_ID = "info:sid/lbc-course-resources"

JOURNAL, BOOK, DISSERTATION = "journal", "book", "dissertation"
# Type -> (metadata format, genre). Genres are those the format's registry entry lists.
FORMATS = {
    ReferenceType.ARTICLE_JOURNAL: (JOURNAL, "article"),
    ReferenceType.ARTICLE_MAGAZINE: (JOURNAL, "article"),
    ReferenceType.ARTICLE_NEWSPAPER: (JOURNAL, "article"),
    ReferenceType.ARTICLE: (JOURNAL, "preprint"),
    ReferenceType.PAPER_CONFERENCE: (BOOK, "proceeding"),
    ReferenceType.BOOK: (BOOK, "book"),
    ReferenceType.CHAPTER: (BOOK, "bookitem"),
    ReferenceType.THESIS: (DISSERTATION, ""),
    ReferenceType.REPORT: (BOOK, "report"),
    ReferenceType.LEGISLATION: (BOOK, "document"),
    ReferenceType.STANDARD: (BOOK, "document"),
}
DEFAULT_FORMAT = (BOOK, "document")


def metadata_format(reference) -> tuple[str, str]:
    return FORMATS.get(reference.type, DEFAULT_FORMAT)


def _pages(pages: str) -> list[tuple[str, str]]:
    start, dash, end = pages.replace("–", "-").partition("-")
    fields = [("rft.pages", pages)]
    if start.strip():
        fields.append(("rft.spage", start.strip()))
    if dash and end.strip():
        fields.append(("rft.epage", end.strip()))
    return fields


def _authors(reference) -> list[tuple[str, str]]:
    fields = []
    for position, author in enumerate(reference.authors.all()):
        if author.literal:
            fields.append(("rft.aucorp", author.literal))
            continue
        if position == 0:
            fields.append(("rft.aulast", author.family))
            if author.given:
                fields.append(("rft.aufirst", author.given))
        fields.append(("rft.au", f"{author.family}, {author.given}" if author.given else author.family))
    return fields


def context_object(reference) -> list[tuple[str, str]]:
    """The reference as KEV pairs (authors prefetched), in a stable order; empty values left out."""
    fmt, genre = metadata_format(reference)
    fields = [
        ("ctx_ver", CTX_VERSION),
        ("rfr_id", RFR_ID),
        ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"),
    ]
    if reference.doi:
        fields.append(("rft_id", f"info:doi/{reference.doi}"))
    if reference.url:
        fields.append(("rft_id", reference.url))
    if genre:
        fields.append(("rft.genre", genre))
    if fmt == JOURNAL:
        fields += [("rft.atitle", reference.title), ("rft.jtitle", reference.container_title)]
        fields += [("rft.volume", reference.volume), ("rft.issue", reference.issue)]
    elif fmt == BOOK and genre in ("bookitem", "proceeding"):
        fields += [("rft.atitle", reference.title), ("rft.btitle", reference.container_title)]
    elif fmt == BOOK:
        fields.append(("rft.btitle", reference.title))
    else:  # a dissertation: the awarding institution and the degree
        fields += [("rft.title", reference.title), ("rft.inst", reference.publisher), ("rft.degree", reference.genre)]
    if fmt == BOOK:
        fields += [("rft.pub", reference.publisher), ("rft.place", reference.publisher_place)]
    fields += _authors(reference)
    if reference.year:
        fields.append(("rft.date", str(reference.year)))
    if reference.pages:
        fields += _pages(reference.pages)
    if reference.language:
        fields.append(("rft.language", reference.language))
    return [(key, value) for key, value in fields if value]


def kev(reference) -> str:
    """The context object as a URL-encoded query string (a COinS span's title, a resolver link's query)."""
    return urlencode(context_object(reference))


def resolver_url(reference) -> str:
    """The link to the library's OpenURL resolver for this reference, or "" when none is configured."""
    base = settings.OPENURL_RESOLVER
    if not base:
        return ""
    return f"{base}{'&' if '?' in base else '?'}{kev(reference)}"
