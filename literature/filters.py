"""Filters for the reference library, shared by the public pages and the API."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from literature.models import Reference, ReferenceType, Theme

SORTS = {
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
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        empty_label=_("All themes"),
    )
    type = django_filters.ChoiceFilter(label=_("Type"), choices=ReferenceType.choices, empty_label=_("All types"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=[("zh", _("Chinese")), ("en", _("English"))], empty_label=_("All languages")
    )
    year_min = YearFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_max = YearFilter(field_name="year", lookup_expr="lte", label=_("To year"))

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
