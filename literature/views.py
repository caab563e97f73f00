from collections import defaultdict

from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from literature.citations import formatted_references
from literature.models import Article, Theme
from literature.style_choice import chosen_style, remember_style, style_context


def home(request):
    """The founding article (the most recently published one) with its reference list."""
    article = Article.objects.order_by("-published", "pk").first()
    return _render_article(request, article, "literature/home.html")


def article_detail(request, slug):
    return _render_article(request, get_object_or_404(Article, slug=slug), "literature/article_detail.html")


def _render_article(request, article, template):
    style, problem = chosen_style(request)
    citations = list(article.cited_references()) if article else []
    entries = formatted_references([citation.reference for citation in citations], style, "html")
    numbers_by_theme = defaultdict(list)
    for citation, entry in zip(citations, entries, strict=True):
        citation.formatted = mark_safe(entry)  # escaped HTML from the citation engine
        for theme in citation.reference.themes.all():
            numbers_by_theme[theme.pk].append(citation.number)
    themes = [theme for theme in Theme.objects.all() if numbers_by_theme[theme.pk]]
    for theme in themes:
        theme.numbers = numbers_by_theme[theme.pk]
    context = {"article": article, "citations": citations, "themes": themes, **style_context(style, problem)}
    return remember_style(request, render(request, template, context), style)
