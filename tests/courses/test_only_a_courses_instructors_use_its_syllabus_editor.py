"""The syllabus editor and each of its actions are for the course's instructors and superusers only: everyone
else gets a 404 (or, without an admin account, the admin's login page), forged ids included, and nothing changes."""

import pytest

from courses.models import Course, ReadingItem
from literature.models import Citation
from tests.courses.editor_helpers import action_url, editor_url, post, snapshot, stamp


def actions(course, own_unit, own_item, reference) -> dict:
    """One valid request per action on the given course's objects."""
    return {
        "add-reading": {"unit": own_unit.pk, "reference": reference.pk},
        "edit-reading": {"item": own_item.pk, "updated": stamp(own_item), "importance": "further", "note": "x"},
        "remove-reading": {"item": own_item.pk, "updated": stamp(own_item)},
        "move-reading": {"item": own_item.pk, "updated": stamp(own_item), "direction": "down"},
        "add-unit": {"title": "Week 9"},
        "edit-unit": {"unit": own_unit.pk, "updated": stamp(own_unit), "title": "Renamed"},
        "move-unit": {"unit": own_unit.pk, "updated": stamp(own_unit), "direction": "down"},
        "set-status": {"status": "published", "updated": stamp(course)},
    }


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, units=((5, 3), (14,)))


def test_the_instructor_and_a_superuser_open_the_editor(client, course, instructor, superuser):
    for user in (instructor, superuser):
        client.force_login(user)
        response = client.get(editor_url(course))
        assert response.status_code == 200
        assert "Syllabus: SOC 101" in response.content.decode()


def test_another_instructor_gets_a_404_and_sees_nothing_of_the_course(client_for, course, other_instructor):
    response = client_for(other_instructor).get(editor_url(course))
    assert response.status_code == 404
    assert course.title not in response.content.decode()


def test_a_student_and_an_anonymous_visitor_are_sent_to_the_login_page(client, client_for, course, student):
    for visitor in (client, client_for(student)):
        response = visitor.get(editor_url(course))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_course_that_does_not_exist_looks_the_same_as_someone_elses(client_for, course, other_instructor):
    client = client_for(other_instructor)
    assert client.get("/admin/courses/course/999999/syllabus/").status_code == 404
    assert client.get(editor_url(course)).status_code == 404


@pytest.mark.parametrize(
    "action",
    [
        "add-reading",
        "edit-reading",
        "remove-reading",
        "move-reading",
        "add-unit",
        "edit-unit",
        "move-unit",
        "set-status",
    ],
)
def test_every_action_is_refused_to_others_and_changes_nothing(
    client, client_for, course, action, other_instructor, student
):
    unit, item = course.units.first(), ReadingItem.objects.filter(unit__course=course).first()
    data = actions(course, unit, item, Citation.objects.get(number=40).reference)[action]
    before = snapshot(course)
    assert client.post(action_url(course, action), data).status_code == 302  # anonymous: to the login page
    assert client_for(student).post(action_url(course, action), data).status_code == 302
    assert post(client_for(other_instructor), course, action, data).status_code == 404
    assert snapshot(course) == before


@pytest.mark.parametrize(
    "action",
    ["add-reading", "edit-reading", "remove-reading", "move-reading", "edit-unit", "move-unit"],
)
def test_ids_of_another_course_sent_to_ones_own_course_are_refused(
    client_for, make_course, course, action, instructor, other_instructor
):
    """Forged requests: the URL names the instructor's own course, the ids belong to another course (someone
    else's, or another of the instructor's own)."""
    for owner in (other_instructor, instructor):
        theirs = make_course(owner, slug=f"theirs-{owner.username}", units=((7,), (8,)))
        unit, item = theirs.units.first(), ReadingItem.objects.filter(unit__course=theirs).first()
        data = actions(theirs, unit, item, Citation.objects.get(number=40).reference)[action]
        before, before_theirs = snapshot(course), snapshot(theirs)
        response = post(client_for(instructor), course, action, data)
        assert response.status_code == 404
        assert "not part of this course" in response.content.decode()
        assert snapshot(course) == before and snapshot(theirs) == before_theirs


def test_a_reading_cannot_move_to_a_unit_of_another_course(client_for, make_course, course, instructor):
    other = make_course(instructor, slug="other", units=((7,),))
    item = ReadingItem.objects.filter(unit__course=course).first()
    before, before_other = snapshot(course), snapshot(other)
    for data in (
        {"direction": "to", "to_unit": other.units.get().pk},
        {"unit": other.units.get().pk, "position": 1},
    ):
        response = post(
            client_for(instructor), course, "move-reading", {"item": item.pk, "updated": stamp(item), **data}
        )
        assert response.status_code == 404
        assert "That unit is not part of this course" in response.content.decode()
    assert snapshot(course) == before and snapshot(other) == before_other


def test_a_superuser_edits_any_course(client_for, course, superuser):
    response = post(client_for(superuser), course, "add-unit", {"title": "Extra week"})
    assert response.status_code == 200
    assert course.units.last().title == "Extra week"
    assert Course.objects.get(pk=course.pk).instructors.filter(pk=superuser.pk).count() == 0


def test_actions_only_accept_post(client_for, course, instructor):
    assert client_for(instructor).get(action_url(course, "add-unit")).status_code == 405
    assert client_for(instructor).post(action_url(course, "drop-tables"), {}).status_code == 404
