import django_filters

from courses.models import Course
from literature.filters import ReferenceFilter


class ApiReferenceFilter(ReferenceFilter):
    cited_by = django_filters.CharFilter(field_name="citations__article__slug", label="Cited by the article (slug)")
    course = django_filters.CharFilter(method="in_course", label="Assigned in the published course (slug)")

    class Meta(ReferenceFilter.Meta):
        fields = [*ReferenceFilter.Meta.fields, "cited_by", "course"]

    def in_course(self, queryset, name, value):
        courses = Course.objects.visible_to(self.request.user) if self.request else Course.objects.published()
        return queryset.filter(reading_items__unit__course__in=courses.filter(slug=value)).distinct()


class CourseFilter(django_filters.FilterSet):
    term = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=Course.Status.choices)
    instructor = django_filters.CharFilter(field_name="instructors__username", label="Instructor (username)")

    class Meta:
        model = Course
        fields = ["term", "status", "language", "instructor"]
