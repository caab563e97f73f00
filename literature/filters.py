"""Filters for the reference library, shared by the public pages and the API."""

from functools import cache

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from literature.models import ArticleOrder, Reference, ReferenceType, Theme
from literature.search import title_first

SORTS = {
    "relevance": (_("Best match"), ["title_rank", "first_number", "key"]),
    "number": (_("First cited"), ["first_number", "key"]),
    "year": (_("Oldest first"), ["year", "key"]),
    "-year": (_("Newest first"), ["-year", "key"]),
    "title": (_("Title"), ["title_key", "key"]),
    "author": (_("First author"), ["first_author_key", "key"]),
}


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ReferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    # Choices rather than a ModelChoiceFilter: one query of the themes serves both checking the value and
    # listing the options (see __init__), where a queryset runs one for each.
    theme = django_filters.ChoiceFilter(
        label=_("Theme"), field_name="themes__slug", method="on_theme", empty_label=_("All themes")
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=ReferenceType.choices, empty_label=_("All types"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=[("zh", _("Chinese")), ("en", _("English"))], empty_label=_("All languages")
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

    # The glossary terms the search found in the query, with the translations it also searched for.
    glossary_matches = ()

    class Meta:
        model = Reference
        fields = ["q", "theme", "type", "language", "year_min", "year_max"]

    def __init__(self, *args, version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version  # the glossary's version, if the page has read it (views._glossary_version)
        # Each theme by its name in the reader's language (Theme.display_name).
        self.filters["theme"].extra["choices"] = cache(
            lambda: [(t.slug, t.display_name) for t in Theme.objects.only("slug", "name", "name_zh")]
        )

    def on_theme(self, queryset, name, value):
        return queryset.in_theme(value)

    def search(self, queryset, name, value):
        """Every word must match the title, an author, the journal, the DOI, the publisher or the printed citation
        (the full-text index, literature/search.py); a glossary term also matches its translations (remembered in
        `glossary_matches`); `title_rank` puts references whose title matches first."""
        found, self.glossary_matches = queryset.search_with_glossary(value, version=self.version)
        return title_first(found, value)


def ordering(sort: str) -> list:
    """The ORDER BY of a sort in SORTS. "First cited" is the indexed article order (uncited last), "Best match"
    needs a searched queryset (it is annotated with title_rank)."""
    expressions = []
    for field in SORTS[sort][1]:
        if field == "first_number":
            expressions.append(ArticleOrder())
        elif field.startswith("-"):
            expressions.append(F(field[1:]).desc(nulls_last=True))
        else:
            expressions.append(F(field).asc(nulls_last=True))
    return expressions
