"""Filters for the reference library, shared by the public pages and the API."""

import django_filters
from django.db.models import Q

from literature.models import Reference, ReferenceType, Theme

SORTS = {
    "number": ("First cited", ["first_number", "key"]),
    "year": ("Oldest first", ["year", "key"]),
    "-year": ("Newest first", ["-year", "key"]),
    "title": ("Title", ["title_key", "key"]),
    "author": ("First author", ["first_author_key", "key"]),
}


class ReferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search")
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", to_field_name="slug", queryset=Theme.objects.all(), empty_label="All themes"
    )
    type = django_filters.ChoiceFilter(choices=ReferenceType.choices, empty_label="All types")
    language = django_filters.ChoiceFilter(choices=[("zh", "Chinese"), ("en", "English")], empty_label="All languages")
    year_min = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="To year")

    class Meta:
        model = Reference
        fields = ["q", "theme", "type", "language", "year_min", "year_max"]

    def search(self, queryset, name, value):
        """Every word must match the title, an author, the journal, the DOI or the printed citation."""
        for word in value.split()[:10]:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(container_title__icontains=word)
                | Q(doi__icontains=word)
                | Q(citation_text__icontains=word)
                | Q(publisher__icontains=word)
                | Q(pk__in=Reference.objects.filter(
                    Q(authors__family__icontains=word) | Q(authors__literal__icontains=word)
                ).values("pk"))
            )  # fmt: skip
        return queryset
