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
        ({"code": "X", "title": "T\x00", "slug": "t", "term": "F"}, "title", "Text may not contain NUL characters"),
        ({"code": "X", "title": "T", "slug": "ada-live", "term": "F"}, "slug", "already exists"),
        ({"code": "X", "title": "T", "slug": "t", "term": "F", "colour": "red"}, "colour", "Unknown field."),
        ({"code": "X", "title": "T" * 500, "slug": "t", "term": "F"}, "title", "no more than 200 characters"),
        ({"code": "X", "title": "T", "slug": "not a slug!", "term": "F"}, "slug", "valid"),
        ({"code": "X", "title": "T", "slug": "t", "term": "F", "status": "secret"}, "status", "is not a valid choice"),
        # found by Schemathesis: a number where text belongs was stored as text ("term": 5 became "5")
        ({"code": "X", "title": "T", "slug": "t", "term": 5, "start_date": "soon"}, "term", "Not a valid string."),
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
    assert response.status_code == 400 and "may not contain lone surrogate characters" in str(response.json()["title"])
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


def item_url():
    return f"/api/v1/items/{ReadingItem.objects.filter(unit__course__slug='ada-draft').first().pk}/"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        # found by Schemathesis (negative data accepted): DRF converted these instead of refusing them
        ('{"note": 0}', "note", "Not a valid string."),
        ('{"position": "3"}', "position", "A valid integer is required."),
        ('{"unit": 1.5}', "unit", "A valid integer is required."),  # SQLite took it as unit 1
        # a 500 (OverflowError) before: the id lookup cannot convert infinity
        ('{"unit": 1e400}', "unit", "A valid integer is required."),
    ],
)
def test_json_values_of_the_wrong_type_are_refused_not_converted(client, body, field, message):
    url = item_url()
    before = client.get(url).json()
    response = client.generic("PATCH", url, body, content_type="application/json")
    assert response.status_code == 400 and response.json() == {field: [message]}
    assert client.get(url).json() == before


def test_forms_still_send_numbers_as_text(client):
    response = client.patch(item_url(), {"position": "7", "note": "Read it twice"}, format="multipart")
    assert response.status_code == 200 and response.json()["position"] == 7


LONE_SURROGATE = "Text may not contain lone surrogate characters (\\ud800–\\udfff): they are not valid Unicode."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a 500 before: the messages quote the input, and a lone surrogate cannot be written as UTF-8
        ('{"title": "T", "\\ud800": 1}', {"\\ud800": ["Unknown field."]}),
        ('{"status": "\\udfff"}', {"status": [LONE_SURROGATE]}),
    ],
)
def test_messages_quoting_invalid_unicode_are_written(client, body, expected):
    response = client.generic("PATCH", "/api/v1/courses/ada-draft/", body, content_type="application/json")
    assert response.status_code == 400 and response.json() == expected


def test_a_nul_byte_in_a_form_post_is_refused_before_the_view(client):
    # Form fields reach the middleware (lbc_site/middleware.py) already parsed; a JSON body is the view's to check.
    unit = Course.objects.get(slug="ada-draft").units.first()
    response = client.post("/api/v1/items/", {"unit": unit.pk, "reference": "mao2023\x00analysis"}, format="multipart")
    assert response.status_code == 400 and "NUL" in response.json()["detail"]


@pytest.mark.parametrize("format", ["json"])
def test_a_nul_byte_in_a_related_id_is_named(client, format):
    # PostgreSQL cannot even look such a value up: a 400 naming no field there before ("does not exist" on SQLite)
    unit = Course.objects.get(slug="ada-draft").units.first()
    for url, body, field in [
        ("/api/v1/units/", {"course": "ada\x00draft", "title": "Injected"}, "course"),
        ("/api/v1/items/", {"unit": unit.pk, "reference": "mao2023\x00analysis"}, "reference"),
    ]:
        response = client.post(url, body, format=format)
        assert response.status_code == 400 and response.json()[field] == ["Null characters are not allowed."]


@pytest.mark.parametrize("format", ["json", "multipart"])
def test_a_body_over_the_size_limit_is_a_400_in_json(client, settings, format):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**20
    response = client.patch(item_url(), {"note": "x" * 2**20}, format=format)
    # Django's HTML "Bad Request" page before, with no message and outside the schema
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "The request body is larger than the 1 MB the API accepts."}


def test_a_form_with_too_many_fields_is_a_400_in_json(client):
    body = "&".join(f"field{i}=1" for i in range(1001))
    response = client.generic("POST", "/api/v1/units/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.json() == {"detail": "A form may have at most 1000 fields."}


def test_the_schema_says_which_bodies_are_refused(api, db):
    schemas = api.get("/api/schema/?format=json").json()["components"]["schemas"]
    # Unknown fields and blank text are refused, so the schema forbids them (it allowed both before)
    for name in ("Course", "PatchedCourse", "Unit", "PatchedUnit", "ReadingItem", "PatchedReadingItem"):
        assert schemas[name]["additionalProperties"] is False
    assert {field: schemas["Course"]["properties"][field]["minLength"] for field in ("code", "title", "term")} == {
        "code": 1, "title": 1, "term": 1,
    }  # fmt: skip
    assert schemas["Unit"]["properties"]["title"]["minLength"] == 1
    assert "minLength" not in schemas["Unit"]["properties"]["summary"]


@pytest.mark.parametrize("content_type", ["text/plain", ""])
def test_a_body_in_a_format_the_api_does_not_read_is_a_documented_415(client, content_type):
    response = client.generic("POST", URL, "code=X", content_type=content_type)
    assert response.status_code == 415 and "Unsupported media type" in response.json()["detail"]
    # found by Schemathesis: the answer was right, but the schema did not list 415
    paths = client.get("/api/schema/?format=json").json()["paths"]
    writes = [(path, method) for path in paths for method in ("post", "put", "patch") if method in paths[path]]
    assert len(writes) == 9 and all("415" in paths[path][method]["responses"] for path, method in writes)
