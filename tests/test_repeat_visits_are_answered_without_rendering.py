"""A public page's validator comes from the content versions of what it shows, so an anonymous reader's conditional
GET is answered 304, and a repeat visit served from the stored page, without rendering a template or a citation,
in one query. Anything shown changing (content, language, citation style, publication) renders the page again."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import Course
from literature.citations import formatting
from literature.models import AuditFinding, Reference

PAGES = ["/", "/references/", "/references/?q=children&page=1", "/references/mao2023analysis/",
         "/themes/family-parenting/", "/courses/live/"]  # fmt: skip


@pytest.fixture
def live(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4,)))


def refuse_citations(monkeypatch):
    """Fail on any citation rendered from here on (templates are checked through response.templates)."""

    def refuse(*args, **kwargs):
        raise AssertionError("a citation was rendered")

    monkeypatch.setattr(formatting, "render_entries", refuse)


def get(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_a_repeat_visit_and_a_304_render_nothing_and_ask_one_query(live, url, monkeypatch):
    client = Client()
    first = client.get(url)
    assert first.status_code == 200 and first.templates
    refuse_citations(monkeypatch)
    again, queries = get(client, url)
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again.templates == [] and queries == 1
    not_modified, queries = get(client, url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.templates == [] and queries == 1
    assert not_modified["ETag"] == first["ETag"]


def test_a_change_to_what_the_page_shows_renders_it_again(live):
    client = Client()
    first = client.get("/courses/live/")
    reference = Reference.objects.get(key="mao2023analysis")  # read in the course
    reference.title = "Emotions of children whose parents migrated"
    reference.save()
    again = client.get("/courses/live/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again.templates and again["ETag"] != first["ETag"]
    assert "Emotions of children whose parents migrated" in again.content.decode()


def test_each_language_and_citation_style_is_its_own_page(live, monkeypatch):
    client = Client()
    english = client.get("/courses/live/")
    refuse_citations(monkeypatch)  # the citations in the default style are cached from here on
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get("/courses/live/")
    assert chinese["ETag"] != english["ETag"] and '<html lang="zh-hans">' in chinese.content.decode()
    assert client.get("/courses/live/", HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200
    del client.cookies["django_language"]
    client.cookies["citation_style"] = "apa"  # the reader's chosen style: rendered, not the stored page
    with pytest.raises(AssertionError, match="a citation was rendered"):
        client.get("/courses/live/")


def test_an_unpublished_course_is_not_served_from_its_stored_page(live):
    client = Client()
    page = client.get("/courses/live/")
    live.status = Course.Status.DRAFT
    live.save()
    assert client.get("/courses/live/").status_code == 404
    assert client.get("/courses/live/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code == 404


def test_a_signed_in_instructor_gets_their_own_page_not_the_public_one(live, instructor, client_for):
    Client().get("/references/mao2023analysis/")  # stored for anonymous readers
    AuditFinding.objects.create(
        reference=Reference.objects.get(key="mao2023analysis"), kind="missing_identifier", severity="warning",
        message="Seen by instructors only",
    )  # fmt: skip
    assert "Seen by instructors only" in client_for(instructor).get("/references/mao2023analysis/").content.decode()
    assert "Seen by instructors only" not in Client().get("/references/mao2023analysis/").content.decode()
