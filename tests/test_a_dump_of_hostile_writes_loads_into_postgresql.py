"""Nothing gets in that PostgreSQL would refuse: a database filled through every write path (the admin's forms, the
API, each importer) with hostile values, which are all refused, and with the largest values the rules allow, which are
all kept, dumps with `dumpdata` and loads with `loaddata` into a new, migrated PostgreSQL database, value for value.

The test database may be SQLite (the case that matters: SQLite stores what PostgreSQL refuses) or PostgreSQL. The
PostgreSQL server is TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres); the test makes a database
of its own there and drops it at the end, and is skipped, saying why, only when that server cannot be reached."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from courses.models import MAX_PAGE_NUMBER, MAX_READING_MINUTES, Course, ReadingItem, Unit
from lbc_site.rules import INTEGER_MAX, SMALLINT_MAX
from literature.models import Author, Reference
from tests.courses.conftest import admin_form_data

SERVER = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LONG_TITLE = "左" * 20_000 + " 😀 " + "x" * 20_000  # a TextField: no limit, astral characters included
MODELS = ["literature.reference", "literature.author", "literature.citation", "literature.article", "literature.theme",
          "courses.course", "courses.unit", "courses.readingitem"]  # fmt: skip


@pytest.fixture
def postgres_database():
    psycopg = pytest.importorskip("psycopg")
    try:
        server = psycopg.connect(SERVER, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is unreachable at {SERVER}: {error}")
    name = f"lbc_hard2_dump_{secrets.token_hex(4)}"
    server.execute(f'CREATE DATABASE "{name}"')
    try:
        yield SERVER.rsplit("/", 1)[0] + "/" + name
    finally:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.close()


def manage(database_url: str, *args) -> str:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def refused_through_the_admin(client, instructor, course):
    """Hostile values in the reference, course and unit forms: each form is shown again with an error (or the whole
    post is a 400), and nothing is saved."""
    page = client.get("/admin/literature/reference/add/")
    reference_form = admin_form_data(page)
    reference_form.update({"type": "book", "title": "Hostile", "authors-TOTAL_FORMS": "1",
                           "authors-0-position": "1", "authors-0-family": "Zhou"})  # fmt: skip
    hostile_references = [{"year": "99999"}, {"year": "-1"}, {"title": "a\x00b"}, {"url": "javascript:alert(1)"},
                          {"container_title": "x" * 301}, {"pages": "9" * 41}, {"doi": "1" * 201},
                          {"authors-0-family": "x" * 121}, {"authors-0-position": str(2**40)}]  # fmt: skip
    course_page = admin_form_data(client.get(f"/admin/courses/course/{course.pk}/change/"))
    hostile_courses = [{"code": "x" * 31}, {"title": "x" * 201}, {"slug": "x" * 121}, {"start_date": "99999-01-01"},
                       {"units-0-title": "\x00"}, {"units-0-date": "0000-00-00"}]  # fmt: skip
    unit = course.units.first()
    unit_page = admin_form_data(client.get(f"/admin/courses/unit/{unit.pk}/change/"))
    hostile_units = [{"items-0-minutes": str(2**40)}, {"items-0-minutes": "-5"}, {"items-0-position": str(2**40)},
                     {"items-0-pages": "1-" + "9" * 70}, {"items-0-section": "x" * 201},
                     {"summary": "\x00"}, {"title": "x" * 201}]  # fmt: skip
    posts = [("/admin/literature/reference/add/", reference_form, change) for change in hostile_references]
    posts += [(f"/admin/courses/course/{course.pk}/change/", course_page, change) for change in hostile_courses]
    posts += [(f"/admin/courses/unit/{unit.pk}/change/", unit_page, change) for change in hostile_units]
    for url, form, change in posts:
        response = client.post(url, {**form, **change})
        assert response.status_code in (200, 400), (url, change, response.status_code)
    return len(posts)


def refused_through_the_api(api, course):
    unit = course.units.first()
    item = unit.items.first()
    writes = [
        ("post", "/api/v1/courses/", {"slug": "hostile", "code": "x" * 31, "title": "t", "term": "t"}),
        ("post", "/api/v1/courses/", {"slug": "hostile", "code": "c", "title": "\x00", "term": "t"}),
        ("post", "/api/v1/courses/", {"slug": "hostile", "code": "c", "title": "\ud800", "term": "t"}),
        (
            "post",
            "/api/v1/courses/",
            {"slug": "hostile", "code": "c", "title": "t", "term": "t", "start_date": "99999-01-01"},
        ),
        ("post", "/api/v1/units/", {"course": course.slug, "title": "t", "position": 2**40}),
        ("post", "/api/v1/units/", {"course": course.slug, "title": "x" * 201}),
        ("patch", f"/api/v1/units/{unit.pk}/", {"summary": "a\x00b"}),
        ("patch", f"/api/v1/items/{item.pk}/", {"minutes": 2**40}),
        ("patch", f"/api/v1/items/{item.pk}/", {"minutes": SMALLINT_MAX + 1}),
        ("patch", f"/api/v1/items/{item.pk}/", {"position": INTEGER_MAX + 1}),
        ("patch", f"/api/v1/items/{item.pk}/", {"note": "\udfff"}),
        ("patch", f"/api/v1/items/{item.pk}/", {"pages": "x" * 61}),
    ]
    for method, url, body in writes:
        response = getattr(api, method)(url, json.dumps(body), content_type="application/json")
        assert response.status_code == 400, (method, url, response.status_code, response.content[:300])
    return len(writes)


HOSTILE_IMPORTS = {
    # The text importer keeps what it cannot read as printed text (a year of 99999 is not a year to it): the NUL and
    # the lone surrogate (invalid UTF-8 in a file) are what it must refuse.
    "text": ["1. Zhou P. A\x00 study. J 2020;1:1.\n", "1. Zhou P. A \ud800 study. J 2020;1:1.\n"],
    "csljson": [json.dumps([{"id": "a", "type": "book", "title": "T", "issued": {"date-parts": [[99999]]}}]),
                json.dumps([{"id": "a", "type": "book", "title": "T\u0000"}]),
                '[{"id": "a", "type": "book", "title": "T\\ud800"}]',
                json.dumps([{"id": "a", "type": "book", "title": "T", "container-title": "x" * 301}]),
                json.dumps([{"id": "a", "type": "book", "title": "T", "URL": "javascript:alert(1)"}])],
    "bibtex": ["@book{a, title={T}, year={99999}}\n", "@book{a, title={T}, url={javascript:alert(1)}}\n",
               "@book{a, title={T\x00}, year={2020}}\n", "@book{a, title={T}, publisher={" + "x" * 301 + "}}\n"],
    "ris": ["TY  - BOOK\nTI  - T\nPY  - 99999\nER  - \n", "TY  - BOOK\nTI  - T\nUR  - javascript:alert(1)\nER  - \n",
            "TY  - BOOK\nTI  - T\x00\nER  - \n", "TY  - BOOK\nTI  - T\nVL  - " + "9" * 41 + "\nER  - \n"],
}  # fmt: skip


def refused_by_the_importers(tmp_path):
    refused = 0
    for form, entries in HOSTILE_IMPORTS.items():
        for number, text in enumerate(entries):
            path = tmp_path / f"hostile-{form}-{number}"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            before = Reference.objects.count()
            with pytest.raises(CommandError):
                call_command("import_references", str(path), "--format", form, verbosity=0)
            assert Reference.objects.count() == before, (form, text[:60])
            refused += 1
    return refused


def the_largest_allowed_values(client, api, course, tmp_path):
    """Values exactly at every limit, through the same doors: they are kept."""
    page = client.get("/admin/literature/reference/add/")
    form = admin_form_data(page)
    form.update({"key": "k" * 80, "type": "book", "title": LONG_TITLE, "year": str(SMALLINT_MAX),
                 "container_title": "容" * 300, "volume": "v" * 40, "issue": "i" * 40, "pages": "9" * 40,
                 "publisher": "p" * 300, "publisher_place": "q" * 200, "genre": "g" * 100, "doi": "10." + "1" * 197,
                 "url": "https://example.org/" + "a" * 1980, "language": "l" * 16, "citation_text": "c\t\n" * 5000,
                 "authors-TOTAL_FORMS": "1", "authors-0-position": str(SMALLINT_MAX),
                 "authors-0-family": "f" * 120, "authors-0-given": "g" * 120})  # fmt: skip
    response = client.post("/admin/literature/reference/add/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    widest = Reference.objects.get(key="k" * 80)
    response = api.post("/api/v1/courses/", json.dumps({"slug": "s" * 120, "code": "c" * 30, "title": "课" * 200,
                        "term": "t" * 60, "start_date": "9999-12-31", "description": "😀" * 10_000}),
                        content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    response = api.post("/api/v1/units/", json.dumps({"course": "s" * 120, "title": "u" * 200,
                        "position": INTEGER_MAX, "date": "0001-01-01"}), content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(position=INTEGER_MAX)
    response = api.post("/api/v1/items/", json.dumps({"unit": unit.pk, "reference": widest.key,
                        "position": INTEGER_MAX, "minutes": MAX_READING_MINUTES, "pages": f"1-{MAX_PAGE_NUMBER}",
                        "section": "s" * 200, "note": "n" * 50_000}), content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    path = tmp_path / "widest.json"  # the importers take years 1000 to 2999
    path.write_text(json.dumps([{"id": "widest-csl", "type": "report", "title": "W" * 5000,
                                 "issued": {"date-parts": [[2999]]}, "publisher": "p" * 300,
                                 "author": [{"family": "f" * 120, "given": "g" * 120},
                                            {"literal": "o" * 300}]}]))  # fmt: skip
    call_command("import_references", str(path), "--format", "csljson", verbosity=0)
    return widest


def test_a_database_filled_with_hostile_and_extreme_values_loads_into_postgresql(
    postgres_database, make_course, instructor, tmp_path
):
    instructor.is_superuser = True  # the admin's every field, instructors included
    instructor.save()
    course = make_course(instructor, slug="ada-draft")
    client = Client()
    client.force_login(instructor)
    api = APIClient()
    api.force_authenticate(instructor)
    before = {label: count_of(label) for label in MODELS}
    refused = refused_through_the_admin(client, instructor, course)
    refused += refused_through_the_api(api, course)
    refused += refused_by_the_importers(tmp_path)
    assert {label: count_of(label) for label in MODELS} == before, "a hostile write was stored"
    widest = the_largest_allowed_values(client, api, course, tmp_path)

    dump = tmp_path / "dump.json"
    call_command("dumpdata", "--natural-foreign", "--natural-primary", "--indent", "1", "--output", str(dump),
                 "-e", "contenttypes", "-e", "auth.permission", "-e", "sessions", "-e", "admin.logentry",
                 "-e", "axes", verbosity=0)  # fmt: skip
    manage(postgres_database, "migrate", "--noinput")
    manage(postgres_database, "loaddata", str(dump))

    loaded = json.loads(manage(postgres_database, "shell", "--verbosity", "0", "-c", LOADED))
    assert loaded["counts"] == {label: count_of(label) for label in MODELS}
    assert loaded["widest"] == {"title": LONG_TITLE, "year": SMALLINT_MAX, "url": widest.url}
    assert loaded["item"] == {"minutes": MAX_READING_MINUTES, "position": INTEGER_MAX}
    print(f"\n{refused} hostile writes refused; dump of {dump.stat().st_size} bytes loaded into PostgreSQL")


LOADED = """
import json
from django.apps import apps
models = MODELS_JSON
counts = {label: apps.get_model(label).objects.count() for label in models}
Reference = apps.get_model("literature.reference")
widest = Reference.objects.get(key="k" * 80)
item = apps.get_model("courses.readingitem").objects.get(position=INTEGER_MAX)
print(json.dumps({"counts": counts, "widest": {"title": widest.title, "year": widest.year, "url": widest.url},
                  "item": {"minutes": item.minutes, "position": item.position}}))
""".replace("MODELS_JSON", json.dumps(MODELS)).replace("INTEGER_MAX", str(INTEGER_MAX))


def count_of(label: str) -> int:
    from django.apps import apps

    return apps.get_model(label).objects.count()


# Imported for their side effect of naming what the counts cover (and to fail loudly if a model is renamed).
assert {Course, ReadingItem, Unit, Author}
