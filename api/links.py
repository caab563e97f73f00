"""Links from API resources to the public site: each course, unit and reference's page (`html_url`) and a course's
files (`exports`), absolute so that an LMS can show them as they come."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# Field in `exports` -> the course_export format it links to.
COURSE_EXPORTS = {
    "ris": "ris",
    "bibtex": "bib",
    "csljson": "json",
    "text": "txt",
    "icalendar": "ics",
    "common_cartridge_1_3": "imscc",
    "common_cartridge_1_1": "imscc11",
}


def absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class HtmlUrlField(serializers.Field):
    """The object's public page, as an absolute URL (read-only)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "The public page that shows this object (absolute URL).")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return absolute(self.parent, instance.get_absolute_url())


class CourseExportsSerializer(serializers.Serializer):
    """A course's reading list as files (absolute URLs)."""

    ris = serializers.URLField(help_text="RIS, for EndNote, Zotero and other reference managers.")
    bibtex = serializers.URLField(help_text="BibTeX.")
    csljson = serializers.URLField(help_text="CSL-JSON.")
    text = serializers.URLField(help_text="A formatted bibliography as plain text (Vancouver unless ?style= is given).")
    icalendar = serializers.URLField(help_text="The unit dates as an iCalendar file.")
    common_cartridge_1_3 = serializers.URLField(help_text="IMS Common Cartridge 1.3 (Canvas).")
    common_cartridge_1_1 = serializers.URLField(help_text="IMS Common Cartridge 1.1 (Moodle, Blackboard).")


@extend_schema_field(CourseExportsSerializer)
class CourseExportsField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, help_text="The course's reading list as files.", **kwargs)

    def to_representation(self, course):
        return {
            name: absolute(self.parent, reverse("courses:course_export", args=[course.slug, export]))
            for name, export in COURSE_EXPORTS.items()
        }
