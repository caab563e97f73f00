from collections import defaultdict

from django.shortcuts import get_object_or_404, render

from literature.models import Article, Theme


def home(request):
    """The founding article (the most recently published one) with its reference list."""
    article = Article.objects.order_by("-published", "pk").first()
    return _render_article(request, article, "literature/home.html")


def article_detail(request, slug):
    return _render_article(request, get_object_or_404(Article, slug=slug), "literature/article_detail.html")


def _render_article(request, article, template):
    citations = list(article.cited_references()) if article else []
    numbers_by_theme = defaultdict(list)
    for citation in citations:
        for theme in citation.reference.themes.all():
            numbers_by_theme[theme.pk].append(citation.number)
    themes = [theme for theme in Theme.objects.all() if numbers_by_theme[theme.pk]]
    for theme in themes:
        theme.numbers = numbers_by_theme[theme.pk]
    return render(request, template, {"article": article, "citations": citations, "themes": themes})
