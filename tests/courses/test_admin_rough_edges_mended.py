"""The stock admin's rough edges, mended: an ISO-only date for duplicating, no copy for the same term, slugs
that do not pile up terms, a course list that tells copies apart, and a unit's way back to its course."""

import datetime

import pytest

from courses.models import Course
from courses.services import course_duplicate


@pytest.fixture
def duplicate(client_for, make_course, instructor):
    original = make_course(instructor, slug="soc-101-autumn-2027", status=Course.Status.PUBLISHED)
    original.term = "Autumn 2027"
    original.save()
    client = client_for(instructor)

    def post(**data):
        action = {"action": "duplicate_for_new_term", "_selected_action": [original.pk], "apply": "1"}
        return client.post("/admin/courses/course/", {**action, **data})

    post.original = original
    return post


@pytest.mark.parametrize("typed", ["06/09/2028", "6 September 2028", "2028-9-6", "20280906", "2028-09-31"])
def test_a_start_date_that_is_not_iso_is_refused(duplicate, typed):
    response = duplicate(term="Autumn 2028", start_date=typed)
    assert response.status_code == 200
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    assert Course.objects.count() == 1


def test_the_start_date_is_a_date_input(duplicate):
    page = duplicate(term="", start_date="").content.decode()
    assert 'type="date"' in page and 'name="start_date"' in page


def test_the_originals_own_term_is_refused(duplicate):
    response = duplicate(term=" autumn 2027 ", start_date="2028-09-04")
    assert "is already for Autumn 2027" in response.content.decode()
    assert Course.objects.count() == 1


def test_an_iso_date_and_a_new_term_make_a_copy_whose_slug_has_one_term(duplicate, instructor):
    response = duplicate(term="Autumn 2028", start_date="2028-09-04")
    assert response.status_code == 302
    copy = Course.objects.exclude(pk=duplicate.original.pk).get()
    assert (copy.slug, copy.start_date) == ("soc-101-autumn-2028", datetime.date(2028, 9, 4))
    again = course_duplicate(course=copy, term="Spring 2029", start_date=datetime.date(2029, 3, 1), user=instructor)
    assert again.slug == "soc-101-spring-2029"


def test_the_course_list_shows_term_start_date_and_status(client_for, duplicate):
    duplicate(term="Autumn 2028", start_date="2028-09-04")
    page = client_for(duplicate.original.instructors.get()).get("/admin/courses/course/").content.decode()
    assert "Autumn 2027" in page and "Autumn 2028" in page
    assert "column-start_date" in page and "Sept. 4, 2028" in page
    assert "Published" in page and "Draft" in page


def test_a_units_breadcrumb_leads_to_its_course(client_for, make_course, instructor):
    course = make_course(instructor)
    unit = course.units.first()
    page = client_for(instructor).get(f"/admin/courses/unit/{unit.pk}/change/").content.decode()
    breadcrumbs = page[page.index('class="breadcrumbs"') :].split("</div>")[0]
    assert f"/admin/courses/course/{course.pk}/change/" in breadcrumbs
    assert f"/admin/courses/course/{course.pk}/syllabus/" in breadcrumbs
    assert "/admin/courses/unit/" not in breadcrumbs
