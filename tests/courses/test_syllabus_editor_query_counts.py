"""Each of the syllabus editor's actions runs the same number of SQL queries for a course of 5 readings and
one of 200 (the page itself is checked in test_syllabus_editor_page.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ReadingItem
from literature.models import Citation, ContentVersion
from tests.courses.editor_helpers import post, stamp


@pytest.fixture
def courses(make_course, instructor, seeded, make_cited_references):
    small = make_course(instructor, slug="small", units=((1, 2, 3), (4, 5)))
    make_cited_references(seeded, 200)
    numbers = list(range(52, 252))
    large = make_course(instructor, slug="large", units=[numbers[i * 50 : (i + 1) * 50] for i in range(4)])
    assert ReadingItem.objects.filter(unit__course=large).count() == 200
    ContentVersion.bump()  # the site's version row exists on any site after its first edit (made once, not per action)
    return small, large


def requests(course) -> dict:
    first_unit, last_unit = course.units.first(), course.units.last()
    item = ReadingItem.objects.filter(unit=first_unit).order_by("position").first()
    return {
        "add-reading": {"unit": first_unit.pk, "reference": Citation.objects.get(number=40).reference.pk},
        "edit-reading": {"item": item.pk, "updated": stamp(item), "importance": "further", "minutes": "12"},
        "edit-reading (refused)": {"item": item.pk, "updated": stamp(item), "importance": "further", "minutes": "-1"},
        "move-reading": {"item": item.pk, "updated": stamp(item), "direction": "down"},
        "move-reading (drop)": {"item": item.pk, "updated": stamp(item), "unit": last_unit.pk, "position": "2"},
        "move-reading (stale)": {"item": item.pk, "updated": "2000-01-01T00:00:00+00:00", "direction": "down"},
        "remove-reading": {"item": item.pk, "updated": stamp(item)},
        "add-unit": {"title": "Extra week", "date": "2027-06-01"},
        "edit-unit": {"unit": first_unit.pk, "updated": stamp(first_unit), "title": "Renamed"},
        "move-unit": {"unit": first_unit.pk, "updated": stamp(first_unit), "direction": "down"},
        "set-status": {"status": "published", "updated": stamp(course)},
    }


def queries(client, course, name: str) -> tuple[int, int]:
    action = name.split(" ")[0]
    data = requests(course)[name]
    with CaptureQueriesContext(connection) as captured:
        response = post(client, course, action, data)
    return response.status_code, len(captured)


@pytest.mark.parametrize(
    "name",
    ["add-reading", "edit-reading", "edit-reading (refused)", "move-reading", "move-reading (drop)",
     "move-reading (stale)", "remove-reading", "add-unit", "edit-unit", "move-unit", "set-status"],
)  # fmt: skip
def test_an_action_costs_the_same_for_5_and_200_readings(client_for, instructor, courses, name):
    small, large = courses
    client = client_for(instructor)
    client.get(f"/admin/courses/course/{small.pk}/syllabus/")  # warm the session and content-type caches
    small_status, small_queries = queries(client, small, name)
    large_status, large_queries = queries(client, large, name)
    assert small_status == large_status
    assert small_queries == large_queries, f"{name}: {small_queries} queries for 5 readings, {large_queries} for 200"
