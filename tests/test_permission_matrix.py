"""Every URL the site defines (walked from the URL resolver, so a new URL is covered without editing this file),
with its parameters filled by real objects (an instructor's own draft, another instructor's draft, an archived and a
published course, their units and readings, references, themes, the article), requested by five personas. It fails
on any server error, any status outside the expected ones, and any draft or other instructor's course shown to
someone who does not teach it. A second pass sends hostile query parameters to every page URL."""

import itertools
import json
import re
from urllib.parse import quote

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from courses.models import Course, ReadingItem, Unit
from literature.models import Article, Reference, Theme

EXPECTED = {200, 301, 302, 304, 400, 403, 404, 405, 429}
HOSTILE = ["\x00", "%00", "\ud800", "x" * 60_000, "-1", "99999999999999999999999", "1e400", "[[[[", '{"a":',
           "<script>alert(1)</script>", "' OR 1=1 --"]  # fmt: skip
REGEX_GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def routes(patterns=None, prefix=""):
    """(route with <name> placeholders, [names]) for every URL pattern, admin and API included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        pattern = str(entry.pattern)
        if pattern.startswith("^"):
            pattern = pattern.lstrip("^").rstrip("$").replace("\\.", ".").replace("\\Z", "")
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + pattern)
        elif isinstance(entry, URLPattern):
            yield prefix + pattern


def fill(route, values):
    """Every URL the route makes from the candidate values of each parameter (regex choices too)."""
    names, choices = [], []
    for match in re.finditer(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>([^)]*)\)", route):
        name = match[1] or match[2]
        names.append(match[0])
        if match[3] is not None and "|" in match[3]:
            choices.append(match[3].split("|"))
        elif match[3] is not None and "[" in match[3]:
            choices.append(values.get(name, ["json"]))
        else:
            choices.append(values.get(name, ["1"]))
    for combination in itertools.product(*choices) if choices else [()]:
        url = "/" + route
        for placeholder, value in zip(names, combination, strict=True):
            url = url.replace(placeholder, str(value), 1)
        yield re.sub(r"[\^$?]", "", url)


@pytest.fixture
def world(make_course, instructor, other_instructor, student, superuser):
    courses = {
        "ada-draft": make_course(instructor, slug="ada-draft"),
        "ada-live": make_course(instructor, slug="ada-live", status=Course.Status.PUBLISHED),
        "bo-draft": make_course(other_instructor, slug="bo-draft", units=((27,),)),
        "bo-archived": make_course(other_instructor, slug="bo-archived", status=Course.Status.ARCHIVED),
    }
    objects = [*courses.values(), *Unit.objects.all(), *ReadingItem.objects.all()[:6]]
    values = {
        "slug": [*courses, Article.objects.get().slug, Theme.objects.first().slug, "no-such-thing"],
        "key": [Reference.objects.first().key, "no-such-key"],
        "export": ["ris", "bibtex", "csljson", "text", "html", "ics", "imscc", "imscc11", "bogus"],
        "object_id": [*sorted({obj.pk for obj in objects}), "99999999999999999999"],
        "pk": sorted({obj.pk for obj in objects}),
        "content_type_id": [ContentType.objects.get_for_model(Course).pk, ContentType.objects.get_for_model(Unit).pk],
        "format": ["json"],
        "uidb64": ["MQ"],
        "token": ["x"],
        "user_id": [instructor.pk],
        "id": [1],
    }
    personas = {"anonymous": None, "student": student, "instructor": instructor,
                "other_instructor": other_instructor, "superuser": superuser}  # fmt: skip
    # What each persona must never see: the titles of drafts and archived courses it does not teach.
    hidden = {
        "anonymous": ["Course ada-draft", "Course bo-draft", "Course bo-archived"],
        "student": ["Course ada-draft", "Course bo-draft", "Course bo-archived"],
        "instructor": ["Course bo-draft", "Course bo-archived"],
        "other_instructor": ["Course ada-draft"],
        "superuser": [],
    }
    return values, personas, hidden


def client_as(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_every_url_for_every_persona(world, record_property):
    values, personas, hidden = world
    urls = sorted({url for route in routes() for url in fill(route, values) if "logout" not in url})
    problems, checked = [], 0
    for persona, user in personas.items():
        client = client_as(user)
        for url in urls:
            response = client.get(url)
            checked += 1
            if response.status_code not in EXPECTED:
                problems.append(f"{persona} GET {url}: {response.status_code}")
                continue
            if response.status_code == 200 and not response.streaming:
                body = response.content.decode("utf-8", "replace")
                problems += [f"{persona} GET {url} shows {secret!r}" for secret in hidden[persona] if secret in body]
    print(f"\npermission matrix: {len(urls)} URLs x {len(personas)} personas = {checked} requests")
    record_property("url_persona_pairs", checked)
    assert not problems, "\n".join(problems[:50])


def test_hostile_query_parameters_never_cause_a_server_error(world, record_property):
    values, personas, _hidden = world
    # One URL per route (the first filling), so every view is fuzzed once, whatever objects it shows.
    pages = sorted({next(fill(route, values)) for route in routes() if "logout" not in route})
    parameters = ["q", "page", "page_size", "year_min", "year_max", "theme", "type", "language", "sort", "style",
                  "ordering", "status", "term", "course", "unit", "o", "p", "e", "id__exact", "format", "cited_by",
                  "instructor", "course__slug", "unit__course__slug", "importance", "term", "iss", "next"]  # fmt: skip
    errors, sent = [], 0
    clients = {persona: client_as(personas[persona]) for persona in ("anonymous", "instructor", "superuser")}
    for pair, (url, name) in enumerate(itertools.product(pages, parameters)):
        persona = list(clients)[pair % len(clients)]
        for value in HOSTILE[pair % 3 :: 3]:  # a third of the values per pair keeps this quick; every value is used
            # Sent as percent-encoded bytes: "%ED%A0%80" is a lone surrogate, which no str can be encoded into.
            query = "%ED%A0%80" if value == "\ud800" else quote(value, safe="")
            response = clients[persona].get(f"{url}?{name}={query}")
            sent += 1
            if response.status_code >= 500:
                errors.append(f"{persona} GET {url}?{name}={value[:20]!r}: {response.status_code}")
    print(f"\nfuzzed query parameters: {sent} requests, {len(errors)} server errors")
    record_property("fuzz_cases", sent)
    assert not errors, "\n".join(errors[:50])


def snapshot():
    """Everything a forged write could change: every course, unit and reading, field by field."""
    return (
        list(Course.objects.order_by("pk").values()),
        sorted(Course.instructors.through.objects.values_list("course_id", "user_id")),
        list(Unit.objects.order_by("pk").values()),
        list(ReadingItem.objects.order_by("pk").values()),
    )


def test_forged_writes_to_another_instructors_objects_are_refused_and_change_nothing(
    world, other_instructor, record_property
):
    """Bo posts to the admin's change and delete pages and to every API write of Ada's courses, units and readings:
    each is a 403 or 404 (creating a unit or reading inside Ada's course: a 400, "not one of the choices"), and the
    database is exactly as before."""
    theirs = Course.objects.filter(instructors__username="ada")
    units = Unit.objects.filter(course__in=theirs)
    items = ReadingItem.objects.filter(unit__in=units)
    admin_urls = []
    for model, objects in (("course", theirs), ("unit", units)):
        for obj in objects:
            admin_urls += [f"/admin/courses/{model}/{obj.pk}/change/", f"/admin/courses/{model}/{obj.pk}/delete/"]
    api_writes = []
    for course in theirs:
        api_writes += [("put", f"/api/v1/courses/{course.slug}/"), ("patch", f"/api/v1/courses/{course.slug}/"),
                       ("delete", f"/api/v1/courses/{course.slug}/")]  # fmt: skip
    for unit in units:
        api_writes += [("put", f"/api/v1/units/{unit.pk}/"), ("patch", f"/api/v1/units/{unit.pk}/"),
                       ("delete", f"/api/v1/units/{unit.pk}/")]  # fmt: skip
    for item in items:
        api_writes += [("put", f"/api/v1/items/{item.pk}/"), ("patch", f"/api/v1/items/{item.pk}/"),
                       ("delete", f"/api/v1/items/{item.pk}/")]  # fmt: skip
    # Creating inside Ada's course or unit: the course or unit named is "not one of the choices".
    their_course, their_unit = theirs.first(), units.first()
    creations = [
        ("/api/v1/units/", {"course": their_course.slug, "title": "Forged unit", "position": 9}),
        ("/api/v1/items/", {"unit": their_unit.pk, "reference": Reference.objects.last().key, "position": 9}),
    ]
    forged = {"title": "Forged", "code": "X 1", "term": "Forged", "slug": "forged", "status": "published",
              "summary": "Forged", "note": "Forged", "minutes": 1, "post": "yes", "instructors": [other_instructor.pk],
              "course": their_course.pk, "unit": their_unit.pk}  # fmt: skip
    before = snapshot()
    client = client_as(other_instructor)
    problems, sent = [], 0
    for url in admin_urls:
        response = client.post(url, forged)
        sent += 1
        if response.status_code not in (403, 404):
            problems.append(f"POST {url}: {response.status_code}")
    api = client_as(other_instructor)
    for method, url in api_writes:
        response = getattr(api, method)(url, json.dumps(forged), content_type="application/json")
        sent += 1
        if response.status_code not in (403, 404):
            problems.append(f"{method.upper()} {url}: {response.status_code}")
    for url, body in creations:
        response = api.post(url, json.dumps(body), content_type="application/json")
        sent += 1
        if response.status_code not in (400, 403, 404):
            problems.append(f"POST {url} into Ada's course: {response.status_code}")
    print(f"\nforged cross-instructor writes: {sent} requests, {len(problems)} not refused")
    record_property("forged_writes", sent)
    assert not problems, "\n".join(problems)
    assert snapshot() == before, "a forged write changed Ada's courses"
