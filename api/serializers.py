import copy

from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.utils import html

from api.links import CourseExportsField, HtmlUrlField
from courses.models import Course, ReadingItem, Unit
from lbc_site.rules import text_problem
from literature.models import Article, Reference, Theme

NUMBER_FIELDS = (serializers.IntegerField, serializers.PrimaryKeyRelatedField)


def is_whole_number(value) -> bool:
    return (isinstance(value, int) and not isinstance(value, bool)) or (isinstance(value, float) and value.is_integer())


def refused_values(fields, data, typed: bool) -> dict:
    """Values to refuse before DRF converts or looks them up. In JSON (typed) a value must have the schema's type:
    DRF would store 5 as the text "5", take "5" for 5, read the id 1.5 as 1 on SQLite and fail with a 500 on the id
    1e400. Anywhere, an id with a NUL byte, which PostgreSQL cannot even look up, and text PostgreSQL cannot store
    (NUL bytes, lone surrogates: JSON can spell "\\ud800")."""
    errors = {}
    for name, value in data.items():
        field = fields.get(name)
        if field is None or field.read_only or value is None:
            continue
        if typed and isinstance(field, serializers.CharField) and not isinstance(value, str):
            errors[name] = [serializers.CharField.default_error_messages["invalid"]]
        elif typed and isinstance(field, NUMBER_FIELDS) and not is_whole_number(value):
            errors[name] = [serializers.IntegerField.default_error_messages["invalid"]]
        elif isinstance(field, serializers.RelatedField) and isinstance(value, str) and "\x00" in value:
            errors[name] = [ProhibitNullCharactersValidator.message]
        elif isinstance(value, str) and (problem := text_problem(value)):
            errors[name] = [problem]
    return errors


class StrictFieldsMixin:
    """Refuse fields the resource does not have instead of silently ignoring them (a typo must not pass), and JSON
    values of the wrong type instead of converting them."""

    def to_internal_value(self, data):
        errors = {}
        if isinstance(data, dict):
            errors = {name: [_("Unknown field.")] for name in sorted(set(data) - set(self.fields))}
            # A form sends only text, which the fields convert; JSON has types.
            errors.update(refused_values(self.fields, data, typed=not html.is_html_input(data)))
            if errors:  # the other fields are still checked, so that every problem is named at once
                data = copy.copy(data)
                for name in errors:
                    data.pop(name)
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as invalid:
            if not errors:
                raise
            raise serializers.ValidationError({**invalid.detail, **errors}) from None
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if issubclass(field_class, serializers.CharField) and not field_kwargs.get("allow_blank", False):
            # Text that may not be blank says so in the schema (minLength 1); the message stays "may not be blank".
            field_kwargs.setdefault("min_length", 1)
        return field_class, field_kwargs


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
    original = serializers.CharField()


class CitationNumberSerializer(serializers.Serializer):
    article = serializers.CharField(source="article.slug")
    number = serializers.IntegerField()


class ReferenceSerializer(serializers.ModelSerializer):
    authors = NameSerializer(many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    citations = CitationNumberSerializer(many=True, read_only=True)
    html_url = HtmlUrlField()

    class Meta:
        model = Reference
        fields = ["key", "type", "title", "original_title", "authors", "container_title", "original_container_title",
                  "volume", "issue", "pages", "year", "publisher", "publisher_place", "genre", "doi", "url", "language",
                  "citation_text", "themes", "citations", "html_url"]  # fmt: skip


class ReadingItemSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    reference = serializers.SlugRelatedField(
        slug_field="key", queryset=Reference.objects.all(), help_text="The key of the reference to read."
    )
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
        if request is not None and "reference" in self.fields and not self.fields["reference"].read_only:
            # Another instructor's private reference "does not exist" for the caller (literature/visibility.py).
            self.fields["reference"].queryset = Reference.objects.visible_to(request.user)

    def get_estimated_minutes(self, item) -> int | None:
        return item.estimated_minutes()


class ReadingItemDetailSerializer(ReadingItemSerializer):
    """A reading as shown inside a course: the whole reference rather than its key."""

    reference = ReferenceSerializer(read_only=True)


class UnitSerializer(StrictFieldsMixin, serializers.ModelSerializer):
    course = serializers.SlugRelatedField(slug_field="slug", queryset=Course.objects.none())
    html_url = HtmlUrlField(help_text="The unit on its course's public page (absolute URL).")

    class Meta:
        model = Unit
        fields = ["id", "course", "position", "title", "date", "summary", "learning_goals", "html_url"]

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
    html_url = HtmlUrlField()
    exports = CourseExportsField()

    class Meta:
        model = Course
        fields = ["slug", "code", "title", "term", "start_date", "description", "language", "status", "instructors",
                  "updated", "html_url", "exports"]  # fmt: skip
        read_only_fields = ["updated"]

    def get_instructors(self, course) -> list[str]:
        return [user.get_full_name() or user.get_username() for user in course.instructors.all()]


class CourseDetailSerializer(CourseSerializer):
    units = UnitDetailSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "units"]
