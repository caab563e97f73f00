"""Public pages are byte-identical between requests while nothing changes (no CSRF token in them: the language is
chosen with a plain ?lang= link), carry an ETag and Last-Modified, answer a conditional GET with 304, and do not
vary by Cookie for anonymous readers."""

import datetime

import pytest
from django.test import Client

from courses.models import Course
from literature.models import ContentVersion

PAGES = ["/", "/references/", "/references/?q=children", "/references/mao2023analysis/",
         "/themes/family-parenting/", "/courses/live/"]  # fmt: skip


@pytest.fixture
def settled(make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4,)))
    ContentVersion.bump()
    ContentVersion.objects.update(changed=datetime.datetime(2020, 1, 2, tzinfo=datetime.UTC))  # every scope


@pytest.mark.parametrize("url", PAGES)
def test_a_public_page_answers_304_to_its_etag_and_its_last_modified(settled, url):
    client = Client()
    first, second = client.get(url), client.get(url)
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert "Cookie" not in first.get("Vary", "")
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_the_language_link_remembers_the_choice_and_keeps_the_filters(settled):
    client = Client()
    response = client.get("/references/", {"theme": "family-parenting", "lang": "zh-hans"})
    assert response.status_code == 302 and response["Location"] == "/references/?theme=family-parenting"
    assert '<html lang="zh-hans">' in client.get(response["Location"]).content.decode()
