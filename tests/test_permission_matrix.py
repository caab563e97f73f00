"""Every URL the site defines (walked from the URL resolver, so a new URL is covered without editing this file),
with its parameters filled by real objects (an instructor's own draft, another instructor's draft, an archived and a
published course, their units and readings, references, themes, the article), requested by five personas. It fails
on any server error, any status outside the expected ones, and any draft or other instructor's course shown to
someone who does not teach it. A second pass sends hostile query parameters to every page URL."""

import itertools
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
