"""Ways to get a reading's text ("find it"), and the machine-readable citation Zotero reads (COinS).

Used by the course, library, theme, article and reference pages through small partials, so that every list shows
the same actions: the DOI, the source link (marked when the audit finds it malformed or broken), the library's
link resolver when one is configured, and title searches in the catalogues students of the subject use.
"""

from urllib.parse import quote

from django import template
from django.conf import settings

from lbc_site.rules import safe_href
from literature.highwire import highwire_tags
from literature.links import LinkState, doi_label, short_address
from literature.openurl import kev, resolver_url

register = template.Library()


@register.filter
def short_url(url) -> str:
    """ "kns.cnki.net/kcms2/article/abstract…" for a long address (the whole address stays the link target)."""
    return short_address(str(url or ""))


def catalogue_searches(reference) -> list[tuple[str, str]]:
    query = quote(reference.title.strip(), safe="")
    return [(label, template.replace("{query}", query)) for label, template in settings.CATALOGUE_SEARCHES]


@register.inclusion_tag("literature/_find_it.html")
def find_it(reference, new_tab=False):
    state = getattr(reference, "link_state", None) or LinkState()
    url = safe_href(reference.url)
    return {
        "doi": reference.doi,
        "doi_url": reference.doi_url(),
        "doi_label": doi_label(reference.doi) if reference.doi else "",
        "doi_broken": state.doi_broken,
        "url": url,
        "url_label": short_address(url) if url else "",
        "url_broken": state.url_broken,
        "resolver": resolver_url(reference),
        "searches": catalogue_searches(reference),
        "new_tab": new_tab,
    }


@register.inclusion_tag("literature/_coins.html")
def coins(reference):
    """A COinS span (an OpenURL context object in an empty span's title) for reference managers."""
    return {"context_object": kev(reference)}


@register.inclusion_tag("literature/_citation_meta.html")
def citation_meta(reference):
    """Highwire `citation_*` meta tags for the page of one reference."""
    return {"tags": highwire_tags(reference)}
