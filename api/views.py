from django.db.models import Prefetch
from rest_framework import viewsets
from rest_framework.settings import api_settings

from api.caching import CachedReadsMixin, PreconditionsMixin
from api.filters import ApiReferenceFilter, CourseFilter
from api.renderers import BIBLIOGRAPHY_RENDERERS
from api.serializers import (
    ArticleSerializer,
    CourseDetailSerializer,
    CourseSerializer,
    ReadingItemSerializer,
    ReferenceSerializer,
    ThemeSerializer,
    UnitSerializer,
)
from courses.models import COURSES, Course, ReadingItem, Unit
from literature.models import Article, Citation, ContentVersion, Reference, Theme

# JSON, and the browsable API where settings turn it on (development only).
JSON_RENDERERS = list(api_settings.DEFAULT_RENDERER_CLASSES)


def references_with_details():
    return Reference.objects.prefetch_related(
        "authors", "themes", Prefetch("citations", queryset=Citation.objects.select_related("article"))
    )


class ArticleViewSet(CachedReadsMixin, viewsets.ReadOnlyModelViewSet):
    """The review article(s) the site is built on."""

    queryset = Article.objects.order_by("-published", "pk")
    serializer_class = ArticleSerializer
    lookup_field = "slug"
    ordering_fields = ["published", "title"]


class ThemeViewSet(CachedReadsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Theme.objects.order_by("position", "pk")
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    filterset_fields = ["slug"]
    ordering_fields = ["position", "name"]


class ReferenceViewSet(CachedReadsMixin, viewsets.ReadOnlyModelViewSet):
    """References with their article citation numbers; also as CSL-JSON, BibTeX or RIS (?format=)."""

    queryset = Reference.objects.none()
    serializer_class = ReferenceSerializer
    filterset_class = ApiReferenceFilter
    lookup_field = "key"
    renderer_classes = [*JSON_RENDERERS, *BIBLIOGRAPHY_RENDERERS]
    ordering_fields = ["year", "title", "key"]

    def get_queryset(self):
        # A reference an instructor added for a draft is private (literature/visibility.py): not found for others.
        return references_with_details().visible_to(self.request.user).order_by("key", "pk")


class CourseViewSet(PreconditionsMixin, CachedReadsMixin, viewsets.ModelViewSet):
    """Published courses for everyone; an instructor also sees and edits the courses they teach."""

    queryset = Course.objects.none()  # the real one depends on the caller: see get_queryset
    content_scopes = (ContentVersion.LIBRARY, COURSES)
    filterset_class = CourseFilter
    lookup_field = "slug"
    ordering_fields = ["start_date", "term", "code", "title"]
    renderer_classes = [*JSON_RENDERERS, *BIBLIOGRAPHY_RENDERERS]
    read_serializer_class = CourseDetailSerializer

    def get_serializer_class(self):
        return CourseDetailSerializer if self.action == "retrieve" else CourseSerializer

    def get_renderers(self):
        # A course's reading list is a bibliography; a list of courses is not.
        if self.action == "retrieve":
            return super().get_renderers()
        return [renderer() for renderer in JSON_RENDERERS]

    def get_queryset(self):
        courses = Course.objects.visible_to(self.request.user).prefetch_related("instructors")
        if self.action == "retrieve":
            items = ReadingItem.objects.prefetch_related(Prefetch("reference", queryset=references_with_details()))
            courses = courses.prefetch_related(
                Prefetch("units", queryset=Unit.objects.prefetch_related(Prefetch("items", queryset=items)))
            )
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            courses = Course.objects.taught_by(self.request.user)
        return courses.order_by("-start_date", "slug")

    def perform_create(self, serializer):
        course = serializer.save()
        course.instructors.add(self.request.user)


class UnitViewSet(PreconditionsMixin, CachedReadsMixin, viewsets.ModelViewSet):
    queryset = Unit.objects.none()
    content_scopes = (ContentVersion.LIBRARY, COURSES)
    serializer_class = read_serializer_class = UnitSerializer
    filterset_fields = ["course__slug"]
    ordering_fields = ["position", "date"]

    def get_queryset(self):
        return (
            Unit.objects.filter(course__in=Course.objects.visible_to(self.request.user))
            .select_related("course")
            .order_by("course__slug", "position", "pk")
        )


class ReadingItemViewSet(PreconditionsMixin, CachedReadsMixin, viewsets.ModelViewSet):
    queryset = ReadingItem.objects.none()
    content_scopes = (ContentVersion.LIBRARY, COURSES)
    serializer_class = read_serializer_class = ReadingItemSerializer
    filterset_fields = ["unit", "importance", "unit__course__slug"]
    ordering_fields = ["position"]

    def get_queryset(self):
        return (
            ReadingItem.objects.filter(unit__course__in=Course.objects.visible_to(self.request.user))
            .select_related("reference", "unit__course")
            .order_by("unit__course__slug", "unit__position", "position", "pk")
        )
