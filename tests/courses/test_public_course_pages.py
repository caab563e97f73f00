"""Published courses are public; drafts are previews for their own instructors only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import Reference


def test_the_course_list_shows_only_published_courses(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED)
    make_course(instructor, slug="secret", status=Course.Status.DRAFT)
    make_course(instructor, slug="old", status=Course.Status.ARCHIVED)
    page = client.get("/courses/").content.decode()
    assert "Course live" in page
    assert "Course secret" not in page and "Course old" not in page


def test_a_course_page_lists_units_and_readings_in_order(client, make_course, instructor):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED)
    page = client.get("/courses/live/").content.decode()
    assert page.index("1. Week 1") < page.index("Yang H. An analysis of the concept") < page.index("2. Week 2")
    assert "about 15 min of reading" in page  # 93-94 and page 4: 3 pages at 5 minutes
    assert course.title in page


@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_drafts_and_archived_courses_are_not_found_by_others(
    client, client_for, make_course, instructor, other_instructor, student, status
):
    make_course(instructor, slug="hidden", status=status)
    assert client.get("/courses/hidden/").status_code == 404
    assert client_for(student).get("/courses/hidden/").status_code == 404
    assert client_for(other_instructor).get("/courses/hidden/").status_code == 404


def test_a_draft_is_a_marked_preview_for_its_instructor(client_for, make_course, instructor):
    make_course(instructor, slug="hidden")
    page = client_for(instructor).get("/courses/hidden/").content.decode()
    assert "Preview: this course is draft and visible only to its instructors." in page


def test_notes_in_markdown_are_rendered_and_sanitised(client, make_course, instructor):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED)
    item = ReadingItem.objects.filter(unit__course=course).first()
    item.note = "Read **closely**. <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>"
    item.save()
    page = client.get("/courses/live/").content.decode()
    assert "<strong>closely</strong>" in page
    assert "<script>alert(1)" not in page and "javascript:" not in page and "onerror" not in page


def add_readings(course, count):
    unit = Unit.objects.create(course=course, position=9, title="Big week")
    references = Reference.objects.bulk_create(
        Reference(key=f"extra-{i}", type="article-journal", title=f"Extra {i}", year=2020, pages="1-5")
        for i in range(count)
    )
    ReadingItem.objects.bulk_create(
        ReadingItem(unit=unit, reference=ref, position=i, note="*n*") for i, ref in enumerate(references)
    )


@pytest.mark.parametrize(
    "url",
    ["/courses/", "/courses/live/", "/admin/courses/course/", "/admin/courses/unit/", "admin-course-page"],
)
def test_pages_run_the_same_number_of_queries_with_5_or_500_readings(client_for, make_course, instructor, url):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3, 14, 17, 35),))
    url = f"/admin/courses/course/{course.pk}/change/" if url == "admin-course-page" else url
    client = client_for(instructor)
    client.get(url)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_readings(course, 495)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def test_the_unit_page_runs_the_same_number_of_queries_with_5_or_45_readings(client_for, make_course, instructor):
    course = make_course(instructor, slug="live", units=((5, 3, 14, 17, 35),))
    unit = course.units.get()
    client = client_for(instructor)
    url = f"/admin/courses/unit/{unit.pk}/change/"
    client.get(url)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as small:
        page = client.get(url).content.decode()
    assert "Yang H (2018). An analysis of the concept of urban left-behind children" in page
    for position, reference in enumerate(Reference.objects.exclude(reading_items__unit=unit)[:40], start=10):
        ReadingItem.objects.create(unit=unit, reference=reference, position=position)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count("selected>") >= 45
    assert len(small) == len(large)


def test_readings_are_cited_in_the_chosen_style_numbered_through_the_course(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED)
    vancouver = client.get("/courses/live/").content.decode()
    expected = "1. Yang H. An analysis of the concept of urban left-behind children. Manag Technol SME [Internet]. 2018"
    assert expected in vancouver
    assert "3. Song M, Wan Y, Liu W. The causes, current state" in vancouver
    apa = client.get("/courses/live/", {"style": "apa"}).content.decode()
    assert "Yang, H. (2018). An analysis of the concept of urban left-behind children. <i>Manag Technol SME</i>" in apa
