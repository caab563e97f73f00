"""Dragging units and readings into a new order (the sortable inlines post new positions) changes the syllabus."""

from tests.courses.conftest import admin_form_data


def reading_titles(course):
    return [item.reference.title for unit in course.units_with_readings() for item in unit.items.all()]


def test_reordering_readings_in_a_unit(client_for, make_course, instructor):
    course = make_course(instructor, units=((5, 3, 14),))
    unit = course.units.get()
    before = reading_titles(course)
    client = client_for(instructor)
    form = admin_form_data(client.get(f"/admin/courses/unit/{unit.pk}/change/"))
    form.update({"items-0-position": "3", "items-1-position": "2", "items-2-position": "1"})
    assert client.post(f"/admin/courses/unit/{unit.pk}/change/", form).status_code == 302
    assert reading_titles(course) == list(reversed(before))


def test_reordering_units_in_a_course_changes_the_public_page(client_for, make_course, instructor):
    course = make_course(instructor, units=((5,), (3,)))
    client = client_for(instructor)
    form = admin_form_data(client.get(f"/admin/courses/course/{course.pk}/change/"))
    form.update({"units-0-position": "2", "units-1-position": "1"})
    assert client.post(f"/admin/courses/course/{course.pk}/change/", form).status_code == 302
    assert [u.title for u in course.units.all()] == ["Week 2", "Week 1"]
    page = client.get(f"/courses/{course.slug}/").content.decode()
    assert page.index("1. Week 2") < page.index("2. Week 1")
