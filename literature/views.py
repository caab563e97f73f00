from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from literature.charts import article_charts
from literature.citations import attach_formatted
from literature.exports import REFERENCE_EXPORTS, export_links, references_file
from literature.filters import SORTS, ReferenceFilter
from literature.models import Article, Citation, Reference, Theme, content_version_key
from literature.pages import reference_page_sections
from literature.style_choice import chosen_style, remember_style, style_context
from literature.visibility import visibility_tag

PAGE_SIZE = 25


def home(request):
    """The founding article (the most recently published one) with its reference list."""
    article = Article.objects.founding()
    return _render_article(request, article, "literature/home.html")


def article_detail(request, slug):
    return _render_article(request, get_object_or_404(Article, slug=slug), "literature/article_detail.html")


def _article_listing(article, style: str) -> tuple[list, list]:
    """The article's citations, formatted in the style, and the themes with the numbers of their references."""
    citations = attach_formatted(article.cited_references() if article else [], style, reference=_reference_of)
    numbers_by_theme = defaultdict(list)
    for citation in citations:
        for theme in citation.reference.themes.all():
            numbers_by_theme[theme.pk].append(citation.number)
    themes = [theme for theme in Theme.objects.all() if numbers_by_theme[theme.pk]]
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
        "content_version": content_version_key(),
        "exports": export_links(),
        "citations": SimpleLazyObject(lambda: listing[0]),
        "themes": SimpleLazyObject(lambda: listing[1]),
        "charts": SimpleLazyObject(lambda: article_charts(article) if article else {}),
        **style_context(style, problem),
    }
    return remember_style(request, render(request, template, context), style)


def _library(request):
    """The filtered, sorted library the URL describes, and the filter (with any errors) that made it."""
    # Only the references the reader may see (literature/visibility.py), in exports and searches too.
    references = Reference.objects.visible_to(request.user).in_article_order()
    library = ReferenceFilter(request.GET or None, queryset=references)
    sort = request.GET.get("sort", "number")
    if sort not in SORTS:
        sort = "number"
    ordering = [F(field[1:]).desc(nulls_last=True) if field.startswith("-") else F(field).asc(nulls_last=True)
                for field in SORTS[sort][1]]  # fmt: skip
    return library, library.qs.order_by(*ordering), sort


def _library_page(request, style: str) -> dict:
    library, references, _sort = _library(request)
    page = Paginator(references, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = attach_formatted(page.object_list.prefetch_related("authors", "themes"), style)
    return {"filter": library, "page": page, "references": shown}


def reference_list(request):
    """The library: every reference, filtered, searched, sorted and paged through the URL."""
    style, problem = chosen_style(request)
    sort = request.GET.get("sort", "number")
    query = request.GET.copy()
    query.pop("page", None)
    # Lazy: built only when the page's cached fragment is missing (templates/literature/reference_list.html).
    listing = SimpleLazyObject(lambda: _library_page(request, style))
    context = {
        "content_version": content_version_key(),
        # Instructors with private references get their own cached page; everyone else shares the public one.
        "visibility": visibility_tag(request.user),
        "filter": SimpleLazyObject(lambda: listing["filter"]),
        "page": SimpleLazyObject(lambda: listing["page"]),
        "references": SimpleLazyObject(lambda: listing["references"]),
        "sorts": {key: label for key, (label, _) in SORTS.items()},
        "sort": sort if sort in SORTS else "number",
        "query": query.urlencode(),
        "exports": export_links(),
        **style_context(style, problem),
    }
    return remember_style(request, render(request, "literature/reference_list.html", context), style)


def reference_list_export(request, export):
    """Every reference the library's current filters select (not only the page shown), as a file."""
    if export not in REFERENCE_EXPORTS:
        raise Http404("Unknown export format.")
    _library_filter, references, _sort = _library(request)
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
    reference = Reference.objects.prefetch_related(
        "authors",
        "themes",
        Prefetch("citations", queryset=Citation.objects.select_related("article")),
    ).get(pk=reference.pk)
    return {
        "reference": reference,
        "formatted": attach_formatted([reference], style)[0].formatted,
        # What other apps show about the reference (courses: where it is assigned), see literature/pages.py.
        "sections": reference_page_sections(reference),
    }


def reference_detail(request, key):
    style, problem = chosen_style(request)
    # A private reference (literature/visibility.py) does not exist for those who may not see it.
    reference = get_object_or_404(Reference.objects.visible_to(request.user), key=key)
    # Lazy: built only when the page's cached fragments are missing (templates/literature/reference_detail.html).
    page = SimpleLazyObject(lambda: _reference_page(reference, style))
    context = {
        "content_version": content_version_key(),
        "reference": reference,
        "page": page,
        # Instructors see what the audit found (never cached: audits run apart from content changes).
        "findings": list(reference.audit_findings.all()) if request.user.is_staff else [],
        **style_context(style, problem),
    }
    return remember_style(request, render(request, "literature/reference_detail.html", context), style)


def _theme_references(theme: Theme, style: str, user) -> list[Reference]:
    references = theme.references.visible_to(user).in_article_order().prefetch_related("authors")
    return attach_formatted(references, style)


def theme_detail(request, slug):
    style, problem = chosen_style(request)
    theme = get_object_or_404(Theme, slug=slug)
    context = {
        "content_version": content_version_key(),
        "theme": theme,
        "visibility": visibility_tag(request.user),
        # Lazy: built only when the page's cached fragment is missing (templates/literature/theme_detail.html).
        "references": SimpleLazyObject(lambda: _theme_references(theme, style, request.user)),
        **style_context(style, problem),
    }
    return remember_style(request, render(request, "literature/theme_detail.html", context), style)
