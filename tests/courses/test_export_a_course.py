"""A course's reading list exports in unit and reading order, each reference once, in every format."""

import io
import json
import re

import pytest
from django.core.management import CommandError, call_command

from courses.models import Course, ReadingItem
from literature.models import Citation

DEMO_SLUG = "urban-left-behind-children"
# The demo course's readings by article reference number, unit by unit (courses/seed/demo_course.json).
DEMO_READINGS = [[5, 3, 2, 15], [4, 38, 26, 37], [14, 17, 35, 9], [27, 28, 29, 51]]
DEMO_READINGS += [[12, 45, 47, 46, 10], [25, 23, 1, 30], [43, 33, 32, 31], [6, 49, 16, 39, 44]]
DEMO_ORDER = [number for unit in DEMO_READINGS for number in unit]


@pytest.fixture
def demo_course(seeded):
    call_command("load_demo", verbosity=0)
    return Course.objects.get(slug=DEMO_SLUG)


def export(slug: str, **options) -> str:
    out = io.StringIO()
    call_command("export_course", slug, stdout=out, **options)
    return out.getvalue()


def keys(numbers: list[int]) -> list[str]:
    by_number = dict(Citation.objects.values_list("number", "reference__key"))
    return [by_number[number] for number in numbers]


def test_the_demo_course_exports_its_readings_unit_by_unit(demo_course):
    exported = export(DEMO_SLUG, format="ris")
    assert re.findall(r"^ID  - (.+)$", exported, re.MULTILINE) == keys(DEMO_ORDER)
    assert "\nLB  - " not in exported  # citation numbers belong to an article, not to a course


def test_a_reference_read_in_two_units_is_exported_once_where_it_is_first_read(demo_course):
    last_unit = demo_course.units.order_by("-position").first()
    first_reading = Citation.objects.get(number=5).reference
    ReadingItem.objects.create(unit=last_unit, reference=first_reading, position=0)
    exported = json.loads(export(DEMO_SLUG))
    assert [item["id"] for item in exported] == keys(DEMO_ORDER)


def test_readings_follow_their_positions_not_the_order_they_were_added(demo_course):
    first_unit = demo_course.units.get(position=1)
    items = list(first_unit.items.order_by("position"))
    for position, item in enumerate(reversed(items), start=1):
        item.position = position
        item.save()
    exported = export(DEMO_SLUG, format="bibtex")
    entry_keys = re.findall(r"^@\w+\{(.+),$", exported, re.MULTILINE)
    assert entry_keys[:4] == keys([15, 2, 3, 5])
    assert len(entry_keys) == len(DEMO_ORDER)


def test_a_course_without_readings_exports_an_empty_list(demo_course):
    Course.objects.create(code="SOC 1", title="Empty", slug="empty", term="Spring 2027")
    assert export("empty") == "[]\n"
    assert export("empty", format="bibtex") == ""
    assert export("empty", format="ris") == ""


def test_a_courses_reading_list_can_be_exported_formatted(seeded, make_course, instructor):
    make_course(instructor, slug="live", units=((5, 3), (14,)))
    text = export("live", format="text", style="harvard-cite-them-right")
    assert text.count("\n\n") == 2


def test_an_unknown_course_is_refused_by_name(db):
    with pytest.raises(CommandError, match="No course with slug 'nope'"):
        export("nope", format="bibtex")


def test_the_format_names_are_the_ones_offered(db):
    with pytest.raises(
        CommandError, match=r"invalid choice: 'endnote' \(choose from 'bibtex', 'csljson', 'html', 'ris', 'text'\)"
    ):
        call_command("export_course", DEMO_SLUG, "--format", "endnote", stdout=io.StringIO())
