"""Instructors see and edit only the courses they teach; forged requests change nothing."""

import pytest

from courses.models import Course, ReadingItem, Unit
from tests.courses.conftest import admin_form_data


@pytest.fixture
def courses(make_course, instructor, other_instructor):
    return make_course(instructor, slug="adas-course"), make_course(other_instructor, slug="bos-course")


def test_the_course_list_shows_only_the_instructors_own_courses(client_for, instructor, courses):
    page = client_for(instructor).get("/admin/courses/course/").content.decode()
    assert "Course adas-course" in page
    assert "Course bos-course" not in page


def test_a_superuser_sees_every_course(client_for, superuser, courses):
    page = client_for(superuser).get("/admin/courses/course/").content.decode()
    assert "Course adas-course" in page and "Course bos-course" in page


def test_another_instructors_course_is_not_found(client_for, instructor, courses):
    client = client_for(instructor)
    bos = courses[1]
    assert client.get(f"/admin/courses/course/{bos.pk}/change/").status_code == 404
    assert client.get(f"/admin/courses/course/{bos.pk}/delete/").status_code == 404
    assert client.get(f"/admin/courses/unit/{bos.units.first().pk}/change/").status_code == 404


def test_a_forged_post_to_another_instructors_course_changes_nothing(client_for, instructor, other_instructor, courses):
    bos = courses[1]
    form = admin_form_data(client_for(other_instructor).get(f"/admin/courses/course/{bos.pk}/change/"))
    form["title"] = "Hijacked"
    response = client_for(instructor).post(f"/admin/courses/course/{bos.pk}/change/", form)
    assert response.status_code == 404
    assert Course.objects.get(pk=bos.pk).title == "Course bos-course"
    delete = client_for(instructor).post(f"/admin/courses/course/{bos.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 404
    assert Course.objects.filter(pk=bos.pk).exists()


def test_an_admin_action_cannot_reach_another_instructors_course(client_for, instructor, courses):
    adas, bos = courses
    client_for(instructor).post("/admin/courses/course/", {"action": "publish", "_selected_action": [adas.pk, bos.pk]})
    assert Course.objects.get(pk=adas.pk).status == "published"
    assert Course.objects.get(pk=bos.pk).status == "draft"


def test_a_unit_cannot_be_added_to_another_instructors_course(client_for, instructor, courses):
    bos = courses[1]
    form = admin_form_data(client_for(instructor).get("/admin/courses/unit/add/"))
    form.update({"course": str(bos.pk), "title": "Injected unit"})
    response = client_for(instructor).post("/admin/courses/unit/add/", form)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Unit.objects.filter(title="Injected unit").exists()


def test_a_unit_cannot_be_moved_into_another_instructors_course(client_for, instructor, courses):
    adas, bos = courses
    unit = adas.units.first()
    client = client_for(instructor)
    form = admin_form_data(client.get(f"/admin/courses/unit/{unit.pk}/change/"))
    form["course"] = str(bos.pk)
    response = client.post(f"/admin/courses/unit/{unit.pk}/change/", form)
    assert "Select a valid choice" in response.content.decode()
    assert Unit.objects.get(pk=unit.pk).course_id == adas.pk


def test_a_forged_reading_item_id_from_another_course_is_refused(client_for, instructor, courses):
    adas, bos = courses
    unit = adas.units.first()
    theirs = ReadingItem.objects.filter(unit__course=bos).first()
    client = client_for(instructor)
    form = admin_form_data(client.get(f"/admin/courses/unit/{unit.pk}/change/"))
    form["items-0-id"] = str(theirs.pk)
    form["items-0-pages"] = "1-2"
    response = client.post(f"/admin/courses/unit/{unit.pk}/change/", form)
    # Django's inline formset only looks up ids among this unit's items: the forged row is dropped.
    assert response.status_code in (200, 302)
    assert ReadingItem.objects.get(pk=theirs.pk).pages == ""
    assert ReadingItem.objects.get(pk=theirs.pk).unit.course_id == bos.pk
    assert not ReadingItem.objects.filter(pages="1-2").exists()


def test_the_unit_course_filter_does_not_reveal_other_courses(client_for, instructor, courses):
    page = client_for(instructor).get("/admin/courses/unit/").content.decode()
    assert "Course adas-course" in page
    assert "Course bos-course" not in page


# Who teaches a course (co-instructors): tests/courses/test_only_superusers_change_who_teaches_a_course.py


@pytest.mark.parametrize("url", ["/admin/", "/admin/courses/course/", "/admin/literature/reference/"])
def test_students_and_visitors_have_no_admin_access(client, client_for, student, courses, url):
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    as_student = client_for(student).get(url)
    assert as_student.status_code == 302 and "/admin/login/" in as_student["Location"]
