"""Bad input in the syllabus builder gets a clear message and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from courses.models import Course, ReadingItem, page_count, validate_page_range
from tests.courses.conftest import admin_form_data


@pytest.fixture
def unit_form(client_for, make_course, instructor):
    course = make_course(instructor, units=((5, 3),))
    unit = course.units.get()
    client = client_for(instructor)
    url = f"/admin/courses/unit/{unit.pk}/change/"
    return client, url, admin_form_data(client.get(url)), unit


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pages", "30-12", "The range 30-12 ends before it starts."),
        ("pages", "-5", "Give pages as a range such as 12-30"),
        ("pages", "twelve", "Give pages as a range such as 12-30"),
        ("pages", "0-4", "Pages are numbered from 1."),
        ("minutes", "-10", "Ensure this value is greater than or equal to"),
        ("minutes", "0", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_a_bad_reading_is_refused_with_a_message(unit_form, field, value, message):
    client, url, form, unit = unit_form
    form[f"items-0-{field}"] = value
    response = client.post(url, form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(unit.items.values_list("pages", "minutes")) == [("", None), ("", None)]


def test_the_same_reference_twice_in_a_unit_is_refused(unit_form):
    client, url, form, unit = unit_form
    form["items-1-reference"] = form["items-0-reference"]
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Please correct the duplicate data for reference" in response.content.decode()
    assert unit.items.count() == 2 and len(set(unit.items.values_list("reference", flat=True))) == 2


def test_the_model_says_why_a_reference_cannot_be_added_twice(make_course, instructor):
    unit = make_course(instructor, units=((5,),)).units.get()
    duplicate = ReadingItem(unit=unit, reference=unit.items.get().reference, position=2)
    with pytest.raises(ValidationError, match="already a reading in this unit"):
        duplicate.full_clean()


def test_a_taken_slug_is_refused(client_for, make_course, instructor):
    make_course(instructor, slug="taken")
    client = client_for(instructor)
    form = admin_form_data(client.get("/admin/courses/course/add/"))
    form.update({"code": "X 1", "title": "Another", "slug": "taken", "term": "Fall 2027", "status": "draft"})
    response = client.post("/admin/courses/course/add/", form)
    assert "Course with this Slug already exists." in response.content.decode()
    assert Course.objects.filter(slug="taken").count() == 1


def test_the_page_rule_counts_ranges_and_lists():
    assert (page_count("12-30"), page_count("5"), page_count("12-15, 20–22"), page_count("93-94")) == (19, 1, 7, 2)
    assert page_count("30-12") is None and page_count("iv-x") is None
    with pytest.raises(ValidationError):
        validate_page_range("12-")
