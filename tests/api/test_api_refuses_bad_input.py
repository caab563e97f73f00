"""Malformed requests get a 4xx with a message and change nothing, on SQLite and PostgreSQL."""

import pytest

from courses.models import Course, ReadingItem

URL = "/api/v1/courses/"


@pytest.fixture
def client(api_as, instructor, courses):
    return api_as(instructor)


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            {"code": "X", "title": "T", "slug": "t", "term": 5, "start_date": "soon"},
            "start_date",
            "Date has wrong format",
        ),
        ({"code": "X", "title": "T\x00", "slug": "t", "term": "F"}, "title", "Null characters are not allowed."),
        ({"code": "X", "title": "T", "slug": "ada-live", "term": "F"}, "slug", "already exists"),
        ({"code": "X", "title": "T", "slug": "t", "term": "F", "colour": "red"}, "colour", "Unknown field."),
        ({"code": "X", "title": "T" * 500, "slug": "t", "term": "F"}, "title", "no more than 200 characters"),
        ({"code": "X", "title": "T", "slug": "not a slug!", "term": "F"}, "slug", "valid"),
        ({"code": "X", "title": "T", "slug": "t", "term": "F", "status": "secret"}, "status", "is not a valid choice"),
    ],
)
def test_invalid_fields_are_named(client, body, field, message):
    response = client.post(URL, body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert Course.objects.count() == 3


def test_invalid_unicode_in_a_string_is_refused(client):
    body = '{"code": "X", "title": "broken \\ud800 text", "slug": "t", "term": "F"}'
    response = client.generic("POST", URL, body, content_type="application/json")
    assert response.status_code == 400 and "Surrogate characters are not allowed" in str(response.json()["title"])
    assert Course.objects.count() == 3


def test_malformed_json_is_a_400(client):
    response = client.generic("POST", URL, '{"code": "X",', content_type="application/json")
    assert response.status_code == 400 and "JSON parse error" in response.json()["detail"]


def test_a_list_instead_of_an_object_is_a_400(client):
    assert client.post(URL, [1, 2], format="json").status_code == 400


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"pages": "30-12"}, "ends before it starts"),
        ({"minutes": -5}, "greater than or equal to 1"),
        ({"reference": "no-such-key"}, "does not exist"),
        ({"importance": "optional"}, "is not a valid choice"),
    ],
)
def test_bad_readings_are_refused(client, body, message):
    unit = Course.objects.get(slug="ada-draft").units.get(position=2)
    response = client.post("/api/v1/items/", {"unit": unit.pk, "reference": "mao2023analysis", **body}, format="json")
    assert response.status_code == 400 and message in str(response.json())
    assert not ReadingItem.objects.filter(unit=unit, reference__key="mao2023analysis").exists()


def test_the_same_reference_twice_in_a_unit_is_refused(client):
    item = ReadingItem.objects.filter(unit__course__slug="ada-draft").first()
    response = client.post("/api/v1/items/", {"unit": item.unit_id, "reference": item.reference.key}, format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This reference is already a reading in this unit."]}


@pytest.mark.parametrize("query", [{"page_size": "-1"}, {"page": "x"}, {"year_min": "\x00"}, {"ordering": "nonsense"}])
def test_odd_query_strings_never_fail_with_a_500(api, courses, query):
    assert api.get("/api/v1/references/", query).status_code < 500
