from collections import defaultdict

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from lbc_site.responses import public_page, reader
from literature.cache_keys import normalised_query
from literature.charts import article_charts
from literature.citations import attach_formatted
from literature.exports import REFERENCE_EXPORTS, export_links, references_file
from literature.filters import SORTS, ReferenceFilter, ordering
from literature.links import attach_link_states
from literature.models import (
    Article,
    Citation,
    ContentVersion,
    GlossaryTerm,
    Reference,
    Theme,
    content_version_key,
    link_state_annotations,
)
from literature.page_cache import cached_public_page, library_version, page_version
from literature.pages import reference_page_scopes, reference_page_sections
from literature.paging import CappedPaginator, page_number
from literature.style_choice import chosen_style, remember_style, style_context
from literature.visibility import visibility_tag

PAGE_SIZE = 25


@cached_public_page(parameters=["style"], version=library_version)
def home(request):
    """The founding article (the most recently published one) with its reference list."""
    article = Article.objects.founding()
    return _render_article(request, article, "literature/home.html")


@cached_public_page(parameters=["style"], version=library_version)
def article_detail(request, slug):
    return _render_article(request, get_object_or_404(Article, slug=slug), "literature/article_detail.html")


def _article_listing(article, style: str) -> tuple[list, list]:
    """The article's citations, formatted in the style, and the themes with the numbers of their references."""
    # Each citation read with its reference's link state (no query of its own).
    cited = article.cited_references().annotate(**link_state_annotations("reference")) if article else []
    citations = attach_formatted(cited, style, reference=_reference_of)
    attach_link_states(citations, reference=_reference_of)
    numbers_by_theme = defaultdict(list)
    for citation in citations:
        for theme in citation.reference.themes.all():
            numbers_by_theme[theme.pk].append(citation.number)
    # The themes come with the references (prefetched): no query of their own.
    found = {theme.pk: theme for citation in citations for theme in citation.reference.themes.all()}
    themes = sorted(found.values(), key=lambda theme: (theme.position, theme.name))
    for theme in themes:
        theme.numbers = numbers_by_theme[theme.pk]
    return citations, themes


def _reference_of(row):
    return row.reference


def _render_article(request, article, template):
    style, problem = chosen_style(request)
    # Lazy: built only when the page's cached fragment is missing (templates/literature/_article.html).
    listing = SimpleLazyObject(lambda: _article_listing(article, style))
    context = {
        "article": article,
        "content_version": page_version(request, ContentVersion.LIBRARY),
        "exports": export_links(),
        "citations": SimpleLazyObject(lambda: listing[0]),
        "themes": SimpleLazyObject(lambda: listing[1]),
        "charts": SimpleLazyObject(lambda: article_charts(c.reference for c in listing[0]) if article else {}),
        **style_context(style, problem),
    }
    response = render(request, template, context)
    return remember_style(request, public_page(response, context["content_version"].changed), style)


def _sort(request) -> str:
    """The sort the URL asks for; by default the best match first for a search, else the article's order."""
    searching = bool(request.GET.get("q", "").strip())
    sort = request.GET.get("sort") or ("relevance" if searching else "number")
    if sort not in SORTS or (sort == "relevance" and not searching):
        sort = "number"
    return sort


def _glossary_version(version) -> str | None:
    """Which glossary a content version read with the GLOSSARY scope saw: its searches find the glossary's pairs in
    memory under it (GlossaryTerm.objects.pairs), however often references change."""
    if version is None:
        return None
    stamps = version.stamps
    glossary = stamps.get(ContentVersion.GLOSSARY)
    return f"{stamps[ContentVersion.SITE].timestamp():.6f}-{glossary.timestamp() if glossary else 'never'}"


def _library(request, version=None):
    """The filtered, sorted library the URL describes, and the filter (with any errors) that made it. `version`:
    the page's content version, read with the GLOSSARY scope."""
    # Only the references the reader may see (literature/visibility.py), in exports and searches too.
    references = Reference.objects.visible_to(reader(request)).defer("search_title", "search_text")
    library = ReferenceFilter(request.GET or None, queryset=references, version=_glossary_version(version))
    sort = _sort(request)
    references = library.qs
    if sort == "relevance" and "title_rank" not in references.query.annotations:
        sort = "number"  # the search was ignored (a filter error)
    return library, references.order_by(*ordering(sort)), sort


def _paged(references, request, style: str, *related):
    number = page_number(request.GET.get("page", 1))
    page = CappedPaginator(references, PAGE_SIZE, number=number).get_page(number)
    # One numbering: the article's reference number stands beside each entry, not the style's position on the page.
    shown = attach_link_states(attach_formatted(page.object_list.prefetch_related(*related), style, numbered=False))
    return page, shown


def _library_page(request, style: str, version: str) -> dict:
    library, references, _chosen_sort = _library(request, version)
    page, shown = _paged(references.with_link_state(), request, style, "authors", "themes")
    return {"filter": library, "page": page, "references": shown}


# What changes the library page: its filters, the sort, the page and the citation style.
LIBRARY_PARAMETERS = {*ReferenceFilter.base_filters, "sort", "page", "style"}


def _library_and_glossary_version(request, *args, **kwargs):
    # The glossary's own stamp comes in the same query: searches expand glossary terms (GlossaryTerm.objects.pairs).
    return content_version_key(ContentVersion.LIBRARY, ContentVersion.GLOSSARY)


@cached_public_page(parameters=LIBRARY_PARAMETERS, version=_library_and_glossary_version)
def reference_list(request):
    """The library: every reference, filtered, searched, sorted and paged through the URL."""
    style, problem = chosen_style(request)
    sort = _sort(request)
    # Lazy: built only when the page's cached fragment is missing (templates/literature/reference_list.html).
    version = page_version(request, ContentVersion.LIBRARY, ContentVersion.GLOSSARY)
    listing = SimpleLazyObject(lambda: _library_page(request, style, version))
    context = {
        "content_version": version,
        # Instructors with private references get their own cached page; everyone else shares the public one.
        "visibility": visibility_tag(reader(request)),
        "filter": SimpleLazyObject(lambda: listing["filter"]),
        "page": SimpleLazyObject(lambda: listing["page"]),
        "references": SimpleLazyObject(lambda: listing["references"]),
        "sorts": {key: label for key, (label, _) in SORTS.items() if key != "relevance" or sort == "relevance"},
        "sort": sort,
        # Cached per page the parameters describe (unknown ones left out), and linked to without unknown ones.
        "page_key": normalised_query(request.GET, LIBRARY_PARAMETERS),
        "query": normalised_query(request.GET, LIBRARY_PARAMETERS, leave_out=["page"]),
        "exports": export_links(),
        **style_context(style, problem),
    }
    response = render(request, "literature/reference_list.html", context)
    return remember_style(request, public_page(response, context["content_version"].changed), style)


def reference_list_export(request, export):
    """Every reference the library's current filters select (not only the page shown), as a file."""
    if export not in REFERENCE_EXPORTS:
        raise Http404("Unknown export format.")
    _library_filter, references, _chosen_sort = _library(request)
    return references_file(references.prefetch_related("authors"), export, chosen_style(request)[0], "references")


def article_export(request, slug, export):
    """The article's reference list in its own order, with its citation numbers."""
    if export not in REFERENCE_EXPORTS:
        raise Http404("Unknown export format.")
    article = get_object_or_404(Article, slug=slug)
    citations = list(article.cited_references())
    return references_file(
        [c.reference for c in citations], export, chosen_style(request)[0], article.slug, [c.number for c in citations]
    )


def _reference_page(reference: Reference, style: str) -> dict:
    """The reference with everything its page shows, and its citation in the style."""
    prefetch_related_objects(
        [reference], "authors", "themes", Prefetch("citations", queryset=Citation.objects.select_related("article"))
    )
    attach_link_states([reference])
    return {
        "reference": reference,
        "formatted": attach_formatted([reference], style)[0].formatted,
        # What other apps show about the reference (courses: where it is assigned), see literature/pages.py.
        "sections": reference_page_sections(reference),
    }


def _reference_page_version(request, key):
    return content_version_key(ContentVersion.LIBRARY, *reference_page_scopes())


@cached_public_page(parameters=["style"], version=_reference_page_version)
def reference_detail(request, key):
    style, problem = chosen_style(request)
    # A private reference (literature/visibility.py) does not exist for those who may not see it.
    reference = get_object_or_404(Reference.objects.visible_to(reader(request)).with_link_state(), key=key)
    # Lazy: built only when the page's cached fragments are missing (templates/literature/reference_detail.html).
    page = SimpleLazyObject(lambda: _reference_page(reference, style))
    context = {
        "content_version": page_version(request, ContentVersion.LIBRARY, *reference_page_scopes()),
        "reference": reference,
        "page": page,
        # Instructors see what the audit found (never cached: audits run apart from content changes).
        "findings": list(reference.audit_findings.all()) if reader(request).is_staff else [],
        **style_context(style, problem),
    }
    response = render(request, "literature/reference_detail.html", context)
    return remember_style(request, public_page(response, context["content_version"].changed), style)


def _theme_page(theme: Theme, request, style: str) -> dict:
    references = Reference.objects.in_theme(theme).visible_to(reader(request)).defer("search_title", "search_text")
    page, shown = _paged(references.in_article_order().with_link_state(), request, style, "authors")
    return {"page": page, "references": shown}


@cached_public_page(parameters=["style", "page"], version=library_version)
def theme_detail(request, slug):
    """A theme's references in the article's order, paged like the library."""
    style, problem = chosen_style(request)
    theme = get_object_or_404(Theme, slug=slug)
    # Lazy: built only when the page's cached fragment is missing (templates/literature/theme_detail.html).
    listing = SimpleLazyObject(lambda: _theme_page(theme, request, style))
    context = {
        "content_version": page_version(request, ContentVersion.LIBRARY),
        "theme": theme,
        "visibility": visibility_tag(reader(request)),
        "page_number": page_number(request.GET.get("page", 1)),
        "page": SimpleLazyObject(lambda: listing["page"]),
        "references": SimpleLazyObject(lambda: listing["references"]),
        **style_context(style, problem),
    }
    response = render(request, "literature/theme_detail.html", context)
    return remember_style(request, public_page(response, context["content_version"].changed), style)


def glossary(request):
    """The bilingual glossary: each term in Chinese and English, linked to the library search that finds its
    references in both languages and to its themes (two queries however long it is)."""
    context = {"content_version": content_version_key()}
    context["terms"] = SimpleLazyObject(lambda: list(GlossaryTerm.objects.prefetch_related("themes")))
    response = render(request, "literature/glossary.html", context)
    return public_page(response, context["content_version"].changed)
