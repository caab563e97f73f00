"""Every write the site takes (the API's POST, PUT and PATCH on courses, units and readings; the admin's add and
change forms of a course, a unit with its readings, and a reference with its authors) is sent NUL bytes, lone
surrogates, 60,000-character strings, huge and negative numbers, nested JSON and values of the wrong type, one field at
a time, plus bodies that are not an object at all. None may end in a server error, on SQLite or PostgreSQL (CI runs the
suite on both). Each case runs in a savepoint that is rolled back, so the next one starts from the same data."""

import json
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from courses.models import Course, ReadingItem
from literature.models import Reference, Theme
from tests.courses.conftest import admin_form_data


def nested(depth: int):
    value = "x"
    for _ in range(depth):
        value = {"a": [value]}
    return value


# Every field gets the first values; the rest are spread over the fields, so that each is sent to every endpoint.
JSON_VALUES = ["\x00", "\ud800", "x" * 60_000, -1, 2**40, 2**70, 1.5, None, [], {"a": "b"}, nested(40)]
JSON_MORE = ["a\x00b", "x\udfffy", -(2**63), 2**31, 1e308, -0.0, True, ["x"], {}, "", "   ", "javascript:alert(1)",
             "0000-00-00", "99999-01-01", "-1", "2**40"]  # fmt: skip
JSON_BODIES = ["null", "[]", '"x"', "1", "{", "{}", '{"a":' * 200 + "1" + "}" * 200, "[" * 5000 + "]" * 5000,
               '{"title": "\\u0000"}', '{"title": "\\ud800"}', "\x00"]  # fmt: skip
FORM_VALUES = ["\x00", "\ud800", "x" * 60_000, "-1", str(2**40), "99999999999999999999999"]
FORM_MORE = ["a\x00b", "-9223372036854775809", str(2**31), "1e400", "1.5", "", "javascript:alert(1)", "9999-12-31",
             "0000-00-00", "99999"]  # fmt: skip


def values_for(index: int, every: list, more: list, spread: int = 3) -> list:
    """The values every field gets, and a share of the others (the field's index picks which)."""
    return [*every, *more[index % spread :: spread]]


@pytest.fixture
def world(make_course, instructor, other_instructor, superuser):
    course = make_course(instructor, slug="ada-draft", units=((5, 3), (14,)))
    make_course(other_instructor, slug="bo-draft", units=((27,),))
    reference = Reference.objects.create(
        key="own2021", type="article-journal", title="An instructor's own reference", year=2021, added_by=instructor
    )
    reference.themes.add(Theme.objects.first())
    reference.authors.create(position=1, family="Zhou", given="P")
    return course, reference


def rolled_back(send, *args, **kwargs):
    """Send one request inside a savepoint that is then undone, so every case meets the same data."""
    with transaction.atomic():
        response = send(*args, **kwargs)
        transaction.set_rollback(True)
    return response


def api_writes(course, own_unit_pk, own_item_pk):
    """(method, URL, a valid body) for every API write the instructor may make."""
    course_body = {"slug": "fuzzed", "code": "SOC 9", "title": "Fuzzed", "term": "Fall 2027",
                   "start_date": "2027-09-01", "description": "", "language": "en", "status": "draft"}  # fmt: skip
    unit_body = {"course": course.slug, "position": 3, "title": "Week 3", "date": "2027-03-15", "summary": "",
                 "learning_goals": ""}  # fmt: skip
    item_body = {"unit": own_unit_pk, "reference": "own2021", "position": 3, "importance": "required",
                 "pages": "1-2", "section": "", "minutes": 10, "note": ""}  # fmt: skip
    writes = []
    for base, detail, body in (
        ("/api/v1/courses/", f"/api/v1/courses/{course.slug}/", course_body),
        ("/api/v1/units/", f"/api/v1/units/{own_unit_pk}/", unit_body),
        ("/api/v1/items/", f"/api/v1/items/{own_item_pk}/", item_body),
    ):
        writes += [("post", base, body), ("put", detail, body), ("patch", detail, body)]
    return writes


def test_hostile_api_writes_never_cause_a_server_error(world, instructor, monkeypatch, record_property):
    monkeypatch.setattr("rest_framework.throttling.SimpleRateThrottle.allow_request", lambda *args: True)
    course, _reference = world
    unit = course.units.order_by("position").first()
    item = ReadingItem.objects.filter(unit=unit).first()
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(instructor)
    errors, sent = [], 0
    for method, url, body in api_writes(course, unit.pk, item.pk):
        fields = [*body, "unknown"]
        cases = [(name, value) for i, name in enumerate(fields) for value in values_for(i, JSON_VALUES, JSON_MORE)]
        for name, value in cases:
            payload = json.dumps({**body, name: value})
            response = rolled_back(getattr(api, method), url, payload, content_type="application/json")
            sent += 1
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url} {name}={str(value)[:30]!r}: {response.status_code}")
        for raw in JSON_BODIES:
            response = rolled_back(getattr(api, method), url, raw, content_type="application/json")
            sent += 1
            if response.status_code >= 500:
                errors.append(f"{method.upper()} {url} body {raw[:30]!r}: {response.status_code}")
        for i, name in enumerate(body):  # the same fields as a form, which DRF also takes
            for value in values_for(i, FORM_VALUES, FORM_MORE, spread=5):
                form = urlencode({**body, name: value}, errors="surrogatepass")
                response = rolled_back(
                    getattr(api, method), url, form, content_type="application/x-www-form-urlencoded"
                )
                sent += 1
                if response.status_code >= 500:
                    errors.append(f"{method.upper()} {url} form {name}={value[:30]!r}: {response.status_code}")
    print(f"\nhostile API writes: {sent} requests, {len(errors)} server errors")
    record_property("api_write_fuzz_cases", sent)
    assert not errors, f"{len(errors)} of {sent} hostile API writes failed:\n" + "\n".join(errors[:50])


def admin_forms(course, reference):
    """Every admin add and change form of a course, a unit (its readings inline) and a reference (its authors)."""
    unit = course.units.order_by("position").first()
    return [
        "/admin/courses/course/add/",
        f"/admin/courses/course/{course.pk}/change/",
        f"/admin/courses/unit/add/?course={course.pk}",
        f"/admin/courses/unit/{unit.pk}/change/",
        "/admin/literature/reference/add/",
        f"/admin/literature/reference/{reference.pk}/change/",
    ]


def form_body(data: dict) -> str:
    """A form body as a browser would send it; a lone surrogate goes as the bytes a broken client would send."""
    return urlencode(data, doseq=True, errors="surrogatepass")


def test_hostile_admin_form_posts_never_cause_a_server_error(world, instructor, superuser, record_property):
    course, reference = world
    errors, sent = [], 0
    # The instructor on every form; the superuser on the course forms, which only they see whole (instructors).
    for user, urls in ((instructor, admin_forms(course, reference)), (superuser, admin_forms(course, reference)[:2])):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            base = admin_form_data(page)
            # Every field the form has, the inline management forms included, and a row of the empty inline form.
            for i, name in enumerate(sorted(base)):
                for value in values_for(i, FORM_VALUES, FORM_MORE, spread=5):
                    body = form_body({**base, name: value})
                    response = rolled_back(client.post, url, body, content_type="application/x-www-form-urlencoded")
                    sent += 1
                    if response.status_code >= 500:
                        errors.append(f"{user} POST {url} {name}={value[:30]!r}: {response.status_code}")
    print(f"\nhostile admin form posts: {sent} requests, {len(errors)} server errors")
    record_property("admin_form_fuzz_cases", sent)
    assert not errors, f"{len(errors)} of {sent} hostile admin posts failed:\n" + "\n".join(errors[:50])
    assert Course.objects.filter(slug="ada-draft").exists()
