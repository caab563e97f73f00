"""Two instructors save the same course, unit or reading from pages opened at the same time: the second save is
refused with a message, and the first one's change is kept (no lost update)."""

import pytest
from django.test import Client

from courses.models import Course
from tests.admin_forms import form_values, post_data


@pytest.fixture
def course(make_course, instructor, superuser):
    course = make_course(instructor, slug="shared", units=((5, 3),))
    return course


def opened_by(user, url):
    client = Client()
    client.force_login(user)
    return client, form_values(client.get(url).content)


def test_the_second_of_two_course_saves_is_refused_and_the_first_kept(course, instructor, superuser):
    url = f"/admin/courses/course/{course.pk}/change/"
    ada, ada_form = opened_by(instructor, url)
    root, root_form = opened_by(superuser, url)
    assert ada.post(url, post_data(ada_form, title="Ada's title")).status_code == 302
    response = root.post(url, post_data(root_form, term="Autumn 2027"))
    assert response.status_code == 200
    assert "Someone else saved this course" in response.content.decode()
    course.refresh_from_db()
    assert (course.title, course.term) == ("Ada's title", "Spring 2027")


def test_a_save_from_a_fresh_page_goes_through(course, instructor):
    url = f"/admin/courses/course/{course.pk}/change/"
    ada, form = opened_by(instructor, url)
    assert ada.post(url, post_data(form, title="First")).status_code == 302
    ada, form = opened_by(instructor, url)
    assert ada.post(url, post_data(form, title="Second")).status_code == 302
    assert Course.objects.get(pk=course.pk).title == "Second"


def test_the_second_of_two_reading_edits_is_refused(course, instructor, superuser):
    unit = course.units.get()
    url = f"/admin/courses/unit/{unit.pk}/change/"
    ada, ada_form = opened_by(instructor, url)
    root, root_form = opened_by(superuser, url)
    assert ada.post(url, post_data(ada_form, **{"items-0-pages": "1-2"})).status_code == 302
    response = root.post(url, post_data(root_form, **{"items-0-pages": "7-9"}))
    assert "Someone else saved this reading item" in response.content.decode()
    assert unit.items.order_by("position").first().pages == "1-2"


def test_the_second_of_two_unit_edits_is_refused(course, instructor, superuser):
    unit = course.units.get()
    url = f"/admin/courses/unit/{unit.pk}/change/"
    ada, ada_form = opened_by(instructor, url)
    root, root_form = opened_by(superuser, url)
    assert ada.post(url, post_data(ada_form, title="Ada's week")).status_code == 302
    response = root.post(url, post_data(root_form, summary="Root's summary"))
    assert "Someone else saved this unit" in response.content.decode()
    unit.refresh_from_db()
    assert (unit.title, unit.summary) == ("Ada's week", "")
