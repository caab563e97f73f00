from django.utils.translation import gettext as _
from rest_framework import serializers

from courses.models import Course, ReadingItem, Unit
from literature.models import Article, Reference, Theme


class StrictFieldsMixin:
    """Refuse fields the resource does not have instead of silently ignoring them (a typo must not pass)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["slug", "name", "name_zh", "description"]


class ArticleSerializer(serializers.ModelSerializer):
    keywords = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["slug", "title", "authors", "journal", "volume", "issue", "pages", "published", "doi", "abstract",
                  "keywords", "how_to_cite"]  # fmt: skip

    def get_keywords(self, article) -> list[str]:
        return article.keyword_list()


class NameSerializer(serializers.Serializer):
    family = serializers.CharField()
    given = serializers.CharField()
    literal = serializers.CharField()


class CitationNumberSerializer(serializers.Serializer):
    article = serializers.CharField(source="article.slug")
    number = serializers.IntegerField()


class ReferenceSerializer(serializers.ModelSerializer):
    authors = NameSerializer(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    citations = CitationNumberSerializer(many=True, read_only=True)

    class Meta:
        model = Reference
        fields = ["key", "type", "title", "authors", "container_title", "volume", "issue", "pages", "year",
                  "publisher", "publisher_place", "genre", "doi", "url", "language", "citation_text", "themes",
                  "citations"]  # fmt: skip


class ReadingItemSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    reference = serializers.SlugRelatedField(slug_field="key", queryset=Reference.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.none())
    estimated_minutes = serializers.SerializerMethodField()

    class Meta:
        model = ReadingItem
        fields = ["id", "unit", "reference", "position", "importance", "pages", "section", "minutes",
                  "estimated_minutes", "note"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            # Only units of the caller's own courses can receive a reading: any other id "does not exist".
            self.fields["unit"].queryset = Unit.objects.filter(course__in=Course.objects.taught_by(request.user))

    def get_estimated_minutes(self, item) -> int | None:
        return item.estimated_minutes()


class ReadingItemDetailSerializer(ReadingItemSerializer):
    """A reading as shown inside a course: the whole reference rather than its key."""

    reference = ReferenceSerializer(read_only=True)


class UnitSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", queryset=Course.objects.none())

    class Meta:
        model = Unit
        fields = ["id", "course", "position", "title", "date", "summary", "learning_goals"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["course"].queryset = Course.objects.taught_by(request.user)


class UnitDetailSerializer(UnitSerializer):
    items = ReadingItemDetailSerializer(many=True, read_only=True)

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "items"]


class CourseSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    instructors = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = ["slug", "code", "title", "term", "start_date", "description", "language", "status", "instructors",
                  "updated"]  # fmt: skip
        read_only_fields = ["updated"]

    def get_instructors(self, course) -> list[str]:
        return [user.get_full_name() or user.get_username() for user in course.instructors.all()]


class CourseDetailSerializer(CourseSerializer):
    units = UnitDetailSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "units"]
