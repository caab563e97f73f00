"""Input the probe sent that used to end in a server error is refused with a 4xx and a message, on any database."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from courses.models import Course, Unit
from literature.formats import PARSERS, ParseError
from literature.models import Reference

NUL = "\x00"
LONG = "x" * 60_000


@pytest.fixture
def data(make_course, instructor):
    return make_course(instructor, slug="ada-live", status=Course.Status.PUBLISHED)


def client_as(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/courses/course/?status=%00",
        "/admin/courses/course/?q=%00",
        "/admin/courses/unit/?course=%00",
        "/admin/courses/unit/?course=99999999999999999999999",
        "/admin/literature/reference/?year=%00",
        "/admin/autocomplete/?app_label=courses&model_name=readingitem&field_name=reference&term=%00",
        "/admin/literature/reference/?q=" + LONG,
    ],
)
def test_the_admin_answers_bad_filters_and_search_terms_with_a_4xx(data, instructor, url):
    response = client_as(instructor).get(url)
    assert 400 <= response.status_code < 500 or response.status_code in (200, 302), response.status_code


PUBLIC_BAD_URLS = [
    "/references/?q=" + LONG,
    "/references/export.ris?q=" + LONG,
    "/api/v1/references/?q=" + LONG,
    "/lti/login/?iss=%00&login_hint=x&target_link_uri=https://testserver/",
    "/references/?q=%00",
    "/api/v1/courses/?term=%00",
]


@pytest.mark.parametrize("url", PUBLIC_BAD_URLS)
def test_public_pages_answer_nul_bytes_and_huge_searches_with_a_400(data, url):
    response = client_as().get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert "longer than" in response.json()["detail"] or "NUL" in response.json()["detail"]


def test_an_lti_login_posted_with_a_nul_byte_is_a_400(db):
    response = client_as().post(
        "/lti/login/", {"iss": NUL, "login_hint": "x", "target_link_uri": "https://testserver/"}
    )
    assert response.status_code == 400


@pytest.mark.parametrize("depth", [33, 100_000])
def test_deeply_nested_json_is_a_json_400(data, instructor, depth):
    response = client_as(instructor).post(
        "/api/v1/courses/", "[" * depth + "]" * depth, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_a_body_larger_than_the_limit_is_refused_in_json(data, instructor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"title": "x" * 2000})
    response = client_as(instructor).post("/api/v1/courses/", body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert "larger than" in response.json()["detail"]


@pytest.mark.parametrize("value", ["\ud800", "a\x00b"])
def test_api_text_that_postgresql_cannot_store_is_a_400(data, instructor, value):
    body = json.dumps({"code": "X", "title": value, "slug": "new-one", "term": "T"})  # json escapes the surrogate
    response = client_as(instructor).post("/api/v1/courses/", body, content_type="application/json")
    assert response.status_code == 400
    assert "title" in response.json()


def test_minutes_beyond_what_postgresql_stores_are_refused_by_the_api(data, instructor):
    unit = data.units.first()
    reference = Reference.objects.filter(citations__number=20).get()
    body = {"unit": unit.pk, "reference": reference.key, "minutes": 2**40}
    response = client_as(instructor).post("/api/v1/items/", body, content_type="application/json")
    assert response.status_code == 400
    assert "minutes" in response.json()


def test_a_year_beyond_what_postgresql_stores_is_refused_by_the_admin(superuser, db):
    from tests.admin_forms import form_values, post_data

    client = client_as(superuser)
    values = form_values(client.get("/admin/literature/reference/add/").content)
    response = client.post("/admin/literature/reference/add/", post_data(values, title="T", type="book", year="99999"))
    assert response.status_code == 200
    assert "less than or equal to 32767" in response.content.decode()
    assert not Reference.objects.exists()


@pytest.mark.parametrize(
    "content, format_name",
    [
        ('[{"id": "a", "type": ["book"], "title": "T"}]', "csljson"),
        ('[{"id": "a", "type": "book", "title": "T\\ud800"}]', "csljson"),
        ('[{"id": "a", "type": "book", "title": "T", "container-title": "' + "x" * 400 + '"}]', "csljson"),
        ('[{"id": "a", "type": "book", "title": "T\\u0000"}]', "csljson"),
        ('[{"id": "a", "type": "book", "title": "T", "citation-number": 99999}]', "csljson"),
        ("1. Lin A. A study\x00. Beijing: Press; 2020.\n", "text"),
        ("1. Lin A. A study. " + "J" * 400 + " 2020;1(2):3-4.\n", "text"),
        ("TY  - BOOK\nTI  - T\x00\nER  - \n", "ris"),
        ("@book{a, title = {T}, year = {99999}}", "bibtex"),
    ],
)
def test_imports_refuse_what_postgresql_cannot_store_naming_the_entry(content, format_name):
    with pytest.raises(ParseError) as refused:
        PARSERS[format_name](content)
    assert "entry 1" in str(refused.value)


def test_the_admin_import_page_shows_the_problem_instead_of_failing(instructor, db):
    response = client_as(instructor).post(
        "/admin/literature/reference/import/",
        {"format": "csljson", "text": '[{"id": "a", "type": ["book"], "title": "T"}]'},
    )
    assert response.status_code == 200
    assert "entry 1" in response.content.decode()


def test_duplicating_a_course_past_the_year_9999_says_so(data, instructor):
    client = client_as(instructor)
    response = client.post(
        "/admin/courses/course/",
        {"action": "duplicate_for_new_term", "_selected_action": [data.pk], "apply": "1",
         "term": "Far future", "start_date": "9999-12-31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "outside the years 1 to 9999" in response.content.decode()
    assert Course.objects.count() == 1


def test_check_data_finds_nothing_wrong_in_a_fresh_database(seeded, capsys):
    call_command("check_data")
    assert "no problems found" in capsys.readouterr().out


def test_check_data_reports_rows_stored_before_the_rules(data, capsys):
    unit = data.units.first()
    Unit.objects.filter(pk=unit.pk).update(date=datetime.date(2027, 1, 1))
    reference = Reference.objects.filter(pk=unit.items.first().reference_id)
    reference.update(url="javascript:alert(1)", title="T\x01")
    if connection.vendor == "sqlite":  # PostgreSQL itself refuses these
        reference.update(year=40000, title="T\x00")
    with pytest.raises(CommandError, match="problem"):
        call_command("check_data")
    out = capsys.readouterr().out
    assert "literature.Reference" in out
    assert "url: Give a web address" in out
    if connection.vendor == "sqlite":
        assert "year: 40000 is outside 0..32767" in out
        assert "title: Text may not contain NUL" in out
