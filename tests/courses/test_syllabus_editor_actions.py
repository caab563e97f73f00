"""Each of the syllabus editor's actions changes the course as asked, or refuses with a clear message, shown where
the problem is, and changes nothing."""

import pytest

from courses.models import ReadingItem, Unit
from literature.models import Citation
from tests.courses.editor_helpers import outline, post, snapshot, stamp


def ref(number):
    return Citation.objects.get(number=number).reference


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, units=((5, 3), (14,)))


@pytest.fixture
def client(client_for, instructor):
    return client_for(instructor)


def item_of(course, number) -> ReadingItem:
    return ReadingItem.objects.get(unit__course=course, reference__citations__number=number)


def refused(response, status, message, course, before):
    assert response.status_code == status
    assert message in response.content.decode()
    assert snapshot(course) == before


# Adding readings


def test_adding_a_reference_puts_it_at_the_end_of_the_unit(client, course):
    week1 = course.units.first()
    response = post(client, course, "add-reading", {"unit": week1.pk, "reference": ref(40).pk})
    assert response.status_code == 200
    assert outline(course)[0] == ("Week 1", [ref(5).pk, ref(3).pk, ref(40).pk])
    assert "Already in unit 1" in response.content.decode() or "Added" in response.content.decode()


def test_adding_a_reference_already_in_the_unit_is_refused(client, course):
    before = snapshot(course)
    response = post(client, course, "add-reading", {"unit": course.units.first().pk, "reference": ref(5).pk})
    refused(response, 422, "is already a reading in Week 1", course, before)


def test_adding_an_unknown_reference_or_importance_is_refused(client, course):
    before = snapshot(course)
    unit = course.units.first().pk
    refused(
        post(client, course, "add-reading", {"unit": unit, "reference": 10**9}),
        404,
        "not in the library",
        course,
        before,
    )
    refused(
        post(client, course, "add-reading", {"unit": unit, "reference": ref(40).pk, "importance": "vital"}),
        422, "Importance must be", course, before,
    )  # fmt: skip
    refused(
        post(client, course, "add-reading", {"unit": "1 OR 1=1", "reference": 1}), 400, "which unit", course, before
    )


# Editing a reading in place


def test_editing_a_reading_saves_importance_pages_minutes_and_note(client, course):
    item = item_of(course, 5)
    data = {"item": item.pk, "updated": stamp(item), "importance": "further", "pages": "3-7", "section": "",
            "minutes": "25", "note": "Read *the method*."}  # fmt: skip
    response = post(client, course, "edit-reading", data)
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.importance, item.pages, item.minutes, item.note) == ("further", "3-7", 25, "Read *the method*.")
    assert "Further reading" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("minutes", "-5", "Ensure this value is greater than or equal to 1."),
        ("minutes", "0", "Ensure this value is greater than or equal to 1."),
        ("minutes", "100000", "Ensure this value is less than or equal to 600."),
        ("minutes", "ten", "Enter a whole number."),
        ("pages", "30-12", "The range 30-12 ends before it starts."),
        ("pages", "1-99999", "is beyond any reading"),
        ("pages", "chapter two", "Give pages as a range"),
        ("importance", "vital", "Select a valid choice."),
    ],
)
def test_bad_values_are_refused_beside_the_field_and_kept_for_correction(client, course, field, value, message):
    item = item_of(course, 5)
    before = snapshot(course)
    data = {"item": item.pk, "updated": stamp(item), "importance": "required", "pages": "", "minutes": "", "note": ""}
    response = post(client, course, "edit-reading", {**data, field: value})
    refused(response, 422, message, course, before)
    page = response.content.decode()
    assert f'id="item-{item.pk}-{field}_error"' in page  # the message sits under the field it is about
    assert f'value="{value}"' in page or f'"{value}" selected' in page or value in page


def test_the_admin_and_the_api_refuse_the_same_minutes(client, course):
    """One rule on the model: the stock admin's readings inline refuses what the editor refuses."""
    from django.forms import modelform_factory

    form = modelform_factory(ReadingItem, fields=["minutes"])({"minutes": "100000"})
    assert not form.is_valid() and "less than or equal to 600" in form.errors["minutes"][0]


# Removing


def test_removing_a_reading_renumbers_the_rest(client, course):
    item = item_of(course, 5)
    assert post(client, course, "remove-reading", {"item": item.pk, "updated": stamp(item)}).status_code == 200
    assert outline(course)[0] == ("Week 1", [ref(3).pk])
    assert list(
        ReadingItem.objects.filter(unit__course=course, unit__position=1).values_list("position", flat=True)
    ) == [1]


# Moving readings


def test_a_reading_moves_down_within_its_unit_then_into_the_next_unit(client, course):
    item = item_of(course, 5)
    post(client, course, "move-reading", {"item": item.pk, "updated": stamp(item), "direction": "down"})
    assert outline(course)[0] == ("Week 1", [ref(3).pk, ref(5).pk])
    post(client, course, "move-reading", {"item": item.pk, "updated": stamp(item), "direction": "down"})
    assert outline(course) == [("Week 1", [ref(3).pk]), ("Week 2", [ref(5).pk, ref(14).pk])]
    post(client, course, "move-reading", {"item": item.pk, "updated": stamp(item), "direction": "up"})
    assert outline(course) == [("Week 1", [ref(3).pk, ref(5).pk]), ("Week 2", [ref(14).pk])]


def test_a_reading_moves_to_a_chosen_unit_and_position_as_a_drop_sends_it(client, course):
    item, week2 = item_of(course, 3), course.units.last()
    data = {"item": item.pk, "updated": stamp(item), "unit": week2.pk, "position": "1"}
    assert post(client, course, "move-reading", data).status_code == 200
    assert outline(course) == [("Week 1", [ref(5).pk]), ("Week 2", [ref(3).pk, ref(14).pk])]
    data = {"item": item.pk, "updated": stamp(item), "direction": "to", "to_unit": course.units.first().pk}
    assert post(client, course, "move-reading", data).status_code == 200
    assert outline(course) == [("Week 1", [ref(5).pk, ref(3).pk]), ("Week 2", [ref(14).pk])]


def test_a_reading_cannot_move_into_a_unit_that_already_has_it(client, make_course, instructor):
    course = make_course(instructor, slug="twice", units=((5,), (5, 3)))
    item = ReadingItem.objects.filter(unit__course=course, unit__position=1).get()
    before = snapshot(course)
    data = {"item": item.pk, "updated": stamp(item), "direction": "to", "to_unit": course.units.last().pk}
    refused(post(client, course, "move-reading", data), 422, "Week 2 already has this reading", course, before)


def test_the_first_reading_of_the_course_cannot_move_up(client, course):
    item = item_of(course, 5)
    before = snapshot(course)
    data = {"item": item.pk, "updated": stamp(item), "direction": "up"}
    refused(post(client, course, "move-reading", data), 422, "already the first of the course", course, before)


# Units


def test_units_are_added_renamed_dated_and_reordered(client, course):
    assert post(client, course, "add-unit", {"title": "Week 3", "date": "2027-03-15"}).status_code == 200
    week3 = course.units.last()
    assert (week3.title, str(week3.date), week3.position) == ("Week 3", "2027-03-15", 3)
    data = {"unit": week3.pk, "updated": stamp(week3), "title": "Week 3: Schools", "date": "2027-03-16"}
    assert post(client, course, "edit-unit", data).status_code == 200
    post(client, course, "move-unit", {"unit": week3.pk, "updated": stamp(week3), "direction": "up"})
    post(client, course, "move-unit", {"unit": week3.pk, "updated": stamp(week3), "position": "1"})
    assert [title for title, _ in outline(course)] == ["Week 3: Schools", "Week 1", "Week 2"]
    assert list(Unit.objects.filter(course=course).values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "Week 3", "date": "06/09/2028"}, "Enter the date as YYYY-MM-DD"),
        ({"title": "x" * 201}, "at most 200 characters"),
    ],
)
def test_a_unit_with_bad_input_is_refused(client, course, data, message):
    before = snapshot(course)
    refused(post(client, course, "add-unit", data), 422, message, course, before)
    unit = course.units.first()
    refused(
        post(client, course, "edit-unit", {"unit": unit.pk, "updated": stamp(unit), **data}),
        422,
        message,
        course,
        before,
    )


# Stale edits: another tab or a co-instructor changed the object meanwhile


def test_an_edit_made_on_an_old_version_is_refused_with_409(client, course):
    item, unit = item_of(course, 5), course.units.first()
    old_item, old_unit = stamp(item), stamp(unit)
    post(client, course, "edit-reading", {"item": item.pk, "updated": old_item, "importance": "further"})
    post(client, course, "edit-unit", {"unit": unit.pk, "updated": old_unit, "title": "Renamed"})
    before = snapshot(course)
    for action, data in [
        ("edit-reading", {"item": item.pk, "updated": old_item, "importance": "recommended"}),
        ("remove-reading", {"item": item.pk, "updated": old_item}),
        ("move-reading", {"item": item.pk, "updated": old_item, "direction": "down"}),
        ("edit-unit", {"unit": unit.pk, "updated": old_unit, "title": "Mine"}),
        ("move-unit", {"unit": unit.pk, "updated": old_unit, "direction": "down"}),
        ("edit-reading", {"item": item.pk, "importance": "recommended"}),  # no stamp at all
    ]:
        refused(post(client, course, action, data), 409, "Someone else changed this", course, before)


# Without JavaScript: plain form posts


def test_without_htmx_an_action_redirects_back_to_the_editor_with_a_message(client, course):
    response = post(client, course, "add-unit", {"title": "Week 3"}, htmx=False)
    assert response.status_code == 302 and response["Location"].endswith(f"/course/{course.pk}/syllabus/")
    assert "Added the unit Week 3." in client.get(response["Location"]).content.decode()
    refusal = post(client, course, "add-unit", {"title": ""}, htmx=False)
    assert refusal.status_code == 422 and "<html" in refusal.content.decode()


def test_publishing_from_the_editor(client, course):
    response = post(client, course, "set-status", {"status": "published", "updated": stamp(course)})
    assert response.status_code == 200
    course.refresh_from_db()
    assert course.status == "published"
    assert client.get(f"/courses/{course.slug}/").status_code == 200
