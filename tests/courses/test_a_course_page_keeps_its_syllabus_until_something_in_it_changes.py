"""A course page made again after a change that its syllabus does not show (elsewhere in the library, the whole
site's version) takes the syllabus (reading time, units, readings) from the cache, found by one query of stamps
(Course.units_with_stamp): no reading is read. Any change the syllabus shows is on the page at once, whichever
way it was written."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import Course, ReadingItem, Unit
from literature.models import AuditFinding, Author, ContentVersion, Reference

URL = "/courses/first/"


@pytest.fixture
def course(make_course, instructor):
    AuditFinding.objects.all().delete()  # the seed's own findings may already mark one of these links
    return make_course(instructor, slug="first", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4, 5)))


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def first_reading(course) -> ReadingItem:
    return ReadingItem.objects.filter(unit__course=course).select_related("reference").order_by("pk").first()


def test_a_change_the_syllabus_does_not_show_reads_no_reading(client, course):
    before = page(client)
    other = Reference.objects.exclude(reading_items__unit__course=course).first()
    other.title = "A study no course reads"
    other.save()
    ContentVersion.bump()
    with CaptureQueriesContext(connection) as queries:
        again = page(client)
    assert again == before
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "courses_readingitem" in read  # the stamps
    assert "literature_author" in read  # the stamps join the authors...
    assert '"literature_author"."reference_id" IN' not in read  # ...but no reading's authors are read for display
    assert len(queries.captured_queries) == 4  # version, course, its instructors, the syllabus stamps


def edit_unit_title(course):
    unit = course.units.first()
    unit.title = "Week one, renamed"
    unit.save()
    return "Week one, renamed"


def edit_unit_quietly(course):
    Unit.objects.filter(course=course, position=1).update(summary="A summary written *without* a save")
    return "A summary written <em>without</em> a save"


def edit_reading_note(course):
    item = first_reading(course)
    item.note = "Read the **method** section twice"
    item.save()
    return "Read the <strong>method</strong> section twice"


def reorder_units(course):
    units = list(course.units.order_by("position"))
    services.units_reorder(course=course, unit_ids=[unit.pk for unit in reversed(units)])  # no save(): in bulk
    return f'id="unit-{units[-1].pk}"'


def remove_reading(course):
    item = first_reading(course)
    shown = f'id="reading-{item.pk}"'
    services.reading_remove(item=item)
    return shown


def edit_reference_title(course):
    reference = first_reading(course).reference
    reference.title = "A retitled study of children who stay behind"
    reference.save()
    return "A retitled study of children who stay behind"


def rename_author_quietly(course):
    author = first_reading(course).reference.authors.first()
    Author.objects.filter(pk=author.pk).update(family="Zhang-Renamed")  # the reference's row is untouched
    return "Zhang-Renamed"


def mark_link_broken(course):
    reference = ReadingItem.objects.filter(unit__course=course, reference__url__gt="").first().reference
    AuditFinding.objects.create(reference=reference, kind="broken_link", severity="error", message="404", link="url")
    return "(link may be broken)"


@pytest.mark.parametrize(
    "change",
    [
        edit_unit_title,
        edit_unit_quietly,
        edit_reading_note,
        reorder_units,
        remove_reading,
        edit_reference_title,
        rename_author_quietly,
        mark_link_broken,
    ],
)
def test_a_change_the_syllabus_shows_is_on_the_page_at_once(client, course, change):
    before = page(client)
    shown = change(course)
    ContentVersion.bump()  # as every write path does (a quiet one too: the page itself is made again)
    after = page(client)
    assert after != before
    if change is reorder_units:
        assert after.index(shown) < before.index(shown)
    elif change is remove_reading:
        assert shown in before
        assert shown not in after
    else:
        assert shown not in before
        assert shown in after


def test_the_units_from_the_stamps_query_are_the_units_as_saved(course):
    # Their save time comes as text on every row (cheaper to read) and is made a datetime for the unit only.
    units, _ = course.units_with_stamp()
    saved = list(course.units.order_by("position", "pk"))
    assert [unit.pk for unit in units] == [unit.pk for unit in saved]
    for unit, stored in zip(units, saved, strict=True):
        assert unit.updated == stored.updated and unit.updated.tzinfo is not None
        assert (unit.date, unit.title, unit.summary) == (stored.date, stored.title, stored.summary)
