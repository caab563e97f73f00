"""Links as students meet them: short to read, whole to follow, honest about their state.

A citation printed in Vancouver carries 200-character CNKI addresses; on a phone that is eight lines per reading.
In HTML we show the host and a shortened path ("kns.cnki.net/kcms2/article/abstract…") or "DOI 10.…", and keep
the whole address as the link target. Text exports (RIS, BibTeX, a plain bibliography) keep the full addresses.

The audit's link findings (malformed, or broken when check_links last visited) are read for a whole page of
references in one query (link_states), and CNKI links that lost their "&" separators get a proposed repair
(repaired_url) that instructors apply in the admin.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.utils.html import format_html

from lbc_site.rules import safe_href

SHORT_PATH = 28  # characters of path kept after the host


def short_address(url: str) -> str:
    """The host (without "www.") and the start of the path: "kns.cnki.net/kcms2/article/abstract…"."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url[:40] + ("…" if len(url) > 40 else "")
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path.rstrip("/")
    rest = bool(parts.query or parts.fragment)
    if len(path) > SHORT_PATH:
        path, rest = path[:SHORT_PATH].rstrip("/"), True
    return f"{host}{path}{'…' if rest else ''}"


def doi_url(doi: str) -> str:
    """The address that resolves a DOI name (empty for none)."""
    return f"https://doi.org/{doi}" if doi else ""


def doi_label(doi: str) -> str:
    """ "DOI 10.27175/d.cnki.gjxcu.2021.001568": a DOI name is short enough to show whole, and it is what a
    student types into a library search."""
    return f"DOI {doi}"


def _anchor(href: str, text: str, css: str, printed: str) -> str:
    # data-printed: the address as the style printed it, which "copy citation" copies (static/js/copy-citation.js).
    return format_html('<a class="{}" href="{}" rel="noopener" data-printed="{}">{}</a>', css, href, printed, text)


def link_citation(entry: str, reference) -> str:
    """The HTML citation `entry` (escaped text from the citation engine) with the reference's address and DOI
    link shown short and linked in full. Only the reference's own stored values are matched, so no text of the
    entry is read as markup."""
    return _linked_citation(entry, reference.url or "", reference.doi or "")


@lru_cache(maxsize=4096)
def _linked_citation(entry: str, url: str, doi: str) -> str:
    # A pure function of its three strings, called for every citation of every page made: kept for the process.
    replacements = []
    if url := safe_href(url):
        replacements.append((html.escape(url, quote=False), _anchor(url, short_address(url), "cited-link", url)))
    if doi:
        address = doi_url(doi)
        linked = _anchor(address, doi, "cited-link", doi)
        # Styles print the DOI as a resolver address or as "doi:10.…"/"DOI:10.…" followed by the name.
        replacements.append(
            (html.escape(address, quote=False), _anchor(address, doi_label(doi), "cited-link", address))
        )
        replacements.append((html.escape(doi, quote=False), linked))
    if not replacements:
        return entry
    # One pass, longest first, so the DOI inside an already linked address is not linked again.
    pattern = re.compile("|".join(re.escape(text) for text, _ in sorted(replacements, key=lambda r: -len(r[0]))))
    by_text = dict(replacements)
    return pattern.sub(lambda match: by_text[match.group()], entry)


# --- repairs -------------------------------------------------------------------------------------------------

# The parameters of CNKI record links (kns.cnki.net/kcms2/article/abstract?v=…&uniplatform=NZKPT&language=CHS).
CNKI_PARAMETERS = ("uniplatform", "language", "dbcode", "dbname", "filename")
_CNKI_RUN_TOGETHER = re.compile(r"(?<=[^?&])(?=(?:" + "|".join(CNKI_PARAMETERS) + ")=)")


def repaired_url(url: str) -> str:
    """The CNKI link with the "&" separators it lost put back ("…ag=uniplatform=NZKPTlanguage=CHS" ->
    "…ag=&uniplatform=NZKPT&language=CHS"), or "" when it is no CNKI link or needs no repair. The "=" before the
    lost "&" stays: it ends the base64 value of v, as in the intact links of the same list."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if not (parts.hostname or "").endswith("cnki.net") or not parts.query:
        return ""
    query = _CNKI_RUN_TOGETHER.sub("&", parts.query)
    if query == parts.query:
        return ""
    return (
        url[: len(url) - len(parts.query) - (len(parts.fragment) + 1 if parts.fragment else 0)]
        + query
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


# --- link state ------------------------------------------------------------------------------------------------


@dataclass
class LinkState:
    """What the audit says about a reference's links: which of them may be broken."""

    url_broken: bool = False
    doi_broken: bool = False

    def __bool__(self):
        return self.url_broken or self.doi_broken


def link_states(references) -> dict[int, LinkState]:
    """Every reference's link state, by pk, from the audit's findings: one query for the whole page."""
    from literature.models import AuditFinding, FindingKind, LinkKind

    states: dict[int, LinkState] = {}
    pks = {reference.pk for reference in references}
    if not pks:
        return states
    rows = AuditFinding.objects.filter(
        reference__in=pks, kind__in=[FindingKind.MALFORMED_URL, FindingKind.BROKEN_LINK]
    ).values_list("reference", "link")
    for pk, link in rows:
        state = states.setdefault(pk, LinkState())
        if link == LinkKind.DOI:
            state.doi_broken = True
        else:
            state.url_broken = True
    return states


def attach_link_states(items, *, reference=None) -> list:
    """Give each item's reference `link_state` (a LinkState, false when its links are fine): from the references'
    annotations when they were read with_link_state(), else in one query for them all."""
    items = list(items)
    references = [reference(item) for item in items] if reference else items
    for holders in (references, items):
        if items and all(hasattr(holder, "url_link_broken") for holder in holders):
            # Read with the references or the items (literature.models.link_state_annotations): no query at all.
            for ref, holder in zip(references, holders, strict=True):
                ref.link_state = LinkState(url_broken=holder.url_link_broken, doi_broken=holder.doi_link_broken)
            return items
    states = link_states(references)
    for ref in references:
        ref.link_state = states.get(ref.pk, LinkState())
    return items
