"""Writes: instructors create and edit their own courses, units and readings; nobody else writes anything."""

import pytest
from rest_framework.authtoken.models import Token

from courses.models import Course, ReadingItem, Unit

NEW_COURSE = {"code": "SOC 300", "title": "Cities", "slug": "cities", "term": "Fall 2027"}


@pytest.mark.parametrize("persona", [None, "student"])
def test_anonymous_callers_and_students_cannot_write(api, api_as, courses, student, persona):
    client = api_as(student) if persona else api
    assert client.post("/api/v1/courses/", NEW_COURSE, format="json").status_code in (401, 403)
    assert client.patch("/api/v1/courses/ada-live/", {"title": "X"}, format="json").status_code in (401, 403)
    assert client.delete("/api/v1/courses/ada-live/").status_code in (401, 403)
    assert Course.objects.get(slug="ada-live").title == "Course ada-live"


def test_an_instructor_creates_a_course_and_teaches_it(api_as, instructor, seeded):
    response = api_as(instructor).post("/api/v1/courses/", NEW_COURSE, format="json")
    assert response.status_code == 201, response.json()
    course = Course.objects.get(slug="cities")
    assert list(course.instructors.all()) == [instructor] and course.status == "draft"


def test_an_lms_script_writes_with_a_token(api, instructor, courses):
    token = Token.objects.create(user=instructor)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.patch("/api/v1/courses/ada-draft/", {"status": "published"}, format="json").status_code == 200
    assert Course.objects.get(slug="ada-draft").status == "published"


def test_an_instructor_edits_reorders_and_publishes_their_course(api_as, instructor, courses):
    client = api_as(instructor)
    unit = Unit.objects.get(course__slug="ada-draft", position=1)
    first, second = unit.items.order_by("position")
    assert client.patch(f"/api/v1/items/{first.pk}/", {"position": 5}, format="json").status_code == 200
    assert list(unit.items.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    response = client.post(
        "/api/v1/items/",
        {"unit": unit.pk, "reference": "mao2023analysis", "importance": "further", "pages": "1-10"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["estimated_minutes"] == 50
    assert client.patch("/api/v1/courses/ada-draft/", {"status": "published"}, format="json").status_code == 200


def test_another_instructors_course_does_not_exist_for_writes(api_as, instructor, courses):
    client = api_as(instructor)
    assert client.patch("/api/v1/courses/bo-draft/", {"title": "Mine"}, format="json").status_code == 404
    assert client.delete("/api/v1/courses/bo-draft/").status_code == 404
    theirs = Unit.objects.get(course__slug="bo-draft", position=1)
    assert client.patch(f"/api/v1/units/{theirs.pk}/", {"title": "Mine"}, format="json").status_code == 404
    item = ReadingItem.objects.filter(unit=theirs).first()
    assert client.delete(f"/api/v1/items/{item.pk}/").status_code == 404
    assert (
        Course.objects.get(slug="bo-draft").title == "Course bo-draft"
        and ReadingItem.objects.filter(pk=item.pk).exists()
    )


def test_related_ids_of_other_peoples_courses_are_refused(api_as, instructor, courses):
    client = api_as(instructor)
    theirs = Unit.objects.get(course__slug="bo-draft", position=1)
    attach = client.post("/api/v1/items/", {"unit": theirs.pk, "reference": "mao2023analysis"}, format="json")
    assert attach.status_code == 400 and "unit" in attach.json()
    add_unit = client.post("/api/v1/units/", {"course": "bo-draft", "title": "Injected"}, format="json")
    assert add_unit.status_code == 400 and "course" in add_unit.json()
    mine = ReadingItem.objects.filter(unit__course__slug="ada-draft").first()
    move = client.patch(f"/api/v1/items/{mine.pk}/", {"unit": theirs.pk}, format="json")
    assert move.status_code == 400
    assert not ReadingItem.objects.filter(unit=theirs, reference__key="mao2023analysis").exists()
    assert not Unit.objects.filter(title="Injected").exists()


def test_the_published_course_of_another_instructor_is_readable_but_not_writable(api_as, other_instructor, courses):
    client = api_as(other_instructor)
    assert client.get("/api/v1/courses/ada-live/").status_code == 200
    assert client.patch("/api/v1/courses/ada-live/", {"title": "Mine"}, format="json").status_code == 404


def test_a_superuser_writes_any_course(api_as, superuser, courses):
    assert api_as(superuser).patch("/api/v1/courses/bo-draft/", {"title": "Fixed"}, format="json").status_code == 200
    assert Course.objects.get(slug="bo-draft").title == "Fixed"


def test_references_are_read_only_through_the_api(api_as, superuser, seeded):
    assert api_as(superuser).post("/api/v1/references/", {"title": "x"}, format="json").status_code == 405
