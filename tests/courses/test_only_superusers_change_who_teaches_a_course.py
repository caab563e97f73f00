"""Co-instructors: only a superuser adds or removes a course's instructors. An instructor sees the list but cannot
add anyone to it (through the admin or the API) nor remove a colleague, who would then lose their own course."""

import pytest

from tests.admin_forms import form_values, post_data


@pytest.fixture
def course(make_course, instructor, other_instructor):
    return make_course(instructor, other_instructor, slug="shared")


def test_an_instructor_cannot_remove_a_co_instructor(client_for, course, instructor, other_instructor):
    client = client_for(instructor)
    url = f"/admin/courses/course/{course.pk}/change/"
    values = form_values(client.get(url).content)
    assert "instructors" not in values
    assert client.post(url, post_data(values, instructors=[str(instructor.pk)])).status_code == 302
    assert set(course.instructors.all()) == {instructor, other_instructor}
    client.force_login(other_instructor)
    assert client.get(url).status_code == 200


def test_an_instructor_cannot_add_anyone(client_for, make_course, instructor, other_instructor, django_user_model):
    course = make_course(instructor, slug="alone")
    client = client_for(instructor)
    url = f"/admin/courses/course/{course.pk}/change/"
    values = form_values(client.get(url).content)
    response = client.post(url, post_data(values, instructors=[str(instructor.pk), str(other_instructor.pk)]))
    assert response.status_code == 302
    assert list(course.instructors.all()) == [instructor]


def test_a_new_course_is_taught_by_the_instructor_who_made_it(client_for, seeded, instructor, other_instructor):
    client = client_for(instructor)
    values = form_values(client.get("/admin/courses/course/add/").content)
    data = post_data(values, code="S 1", title="New", slug="new", term="T", instructors=[str(other_instructor.pk)])
    assert client.post("/admin/courses/course/add/", data).status_code == 302
    from courses.models import Course

    assert list(Course.objects.get(slug="new").instructors.all()) == [instructor]


def test_a_superuser_adds_and_removes_instructors(client_for, course, superuser, instructor, other_instructor):
    client = client_for(superuser)
    url = f"/admin/courses/course/{course.pk}/change/"
    values = form_values(client.get(url).content)
    assert client.post(url, post_data(values, instructors=[str(other_instructor.pk)])).status_code == 302
    assert list(course.instructors.all()) == [other_instructor]


def test_the_api_never_changes_instructors(api_client_as, make_course, instructor):
    course = make_course(instructor, slug="alone")
    client = api_client_as(instructor)
    body = {"code": "S", "title": "T", "slug": course.slug, "term": "T", "instructors": ["bo"]}
    client.put(f"/api/v1/courses/{course.slug}/", body, format="json")
    assert list(course.instructors.all()) == [instructor]


@pytest.fixture
def api_client_as():
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make
