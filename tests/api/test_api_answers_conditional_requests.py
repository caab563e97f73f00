"""API reads carry Last-Modified (the time the content last changed) and an ETag; a client revalidating with either
gets 304 while nothing changed, and the new data as soon as anything did."""

import datetime

import pytest
from django.utils.http import http_date

from literature.models import ContentVersion

URLS = ["/api/v1/courses/ada-live/", "/api/v1/courses/", "/api/v1/references/", "/api/v1/references/?format=ris",
        "/api/v1/units/", "/api/v1/items/", "/api/v1/themes/", "/api/v1/articles/"]  # fmt: skip
CHANGED = datetime.datetime(2026, 11, 2, 9, 30, 15, 250_000, tzinfo=datetime.UTC)


@pytest.fixture
def settled(courses):
    """Content that last changed at a known moment in the past."""
    ContentVersion.objects.update_or_create(scope=ContentVersion.SITE, defaults={"changed": CHANGED})
    ContentVersion.objects.update(changed=CHANGED)  # every scope
    return CHANGED


@pytest.mark.parametrize("url", URLS)
def test_reads_carry_the_time_the_content_last_changed(api, settled, url):
    response = api.get(url)
    assert response.status_code == 200
    assert response["Last-Modified"] == "Mon, 02 Nov 2026 09:30:15 GMT"
    assert "Accept" in response["Vary"] and "Authorization" in response["Vary"]


@pytest.mark.parametrize("url", URLS)
def test_if_modified_since_that_time_is_answered_304_without_a_body(api, settled, url):
    response = api.get(url, HTTP_IF_MODIFIED_SINCE=http_date(settled.timestamp()))
    assert response.status_code == 304
    assert response.content == b""


def test_an_older_copy_gets_the_whole_response(api, settled):
    older = http_date((settled - datetime.timedelta(seconds=1)).timestamp())
    response = api.get("/api/v1/courses/ada-live/", HTTP_IF_MODIFIED_SINCE=older)
    assert response.status_code == 200
    assert response.json()["slug"] == "ada-live"


def test_after_an_edit_a_revalidating_client_gets_the_new_data(api_as, instructor, settled):
    api = api_as(instructor)
    first = api.get("/api/v1/courses/ada-live/")
    response = api.patch("/api/v1/courses/ada-live/", {"title": "Migration and care"}, format="json")
    assert response.status_code == 200

    again = api.get("/api/v1/courses/ada-live/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert again.json()["title"] == "Migration and care"
    again = api.get("/api/v1/courses/ada-live/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200


def test_while_the_second_of_the_last_change_runs_no_last_modified_is_given(api, courses, clock):
    # A client told "changed at 12:00:00" could not tell a second change made later in that second.
    # The last millisecond of a second after every change the fixtures made (they ran at the clock's start).
    clock.now = clock.now.replace(microsecond=999_000) + datetime.timedelta(seconds=1)
    ContentVersion.bump()
    response = api.get("/api/v1/courses/")
    assert response.status_code == 200
    assert not response.has_header("Last-Modified")
    assert response.has_header("ETag")

    clock.advance(milliseconds=1)  # the next second has begun: no change can join that one any more
    response = api.get("/api/v1/courses/")
    assert response["Last-Modified"] == http_date((clock.now - datetime.timedelta(milliseconds=1)).timestamp())


def test_etags_still_answer_304(api, courses):
    first = api.get("/api/v1/courses/ada-live/")
    again = api.get("/api/v1/courses/ada-live/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_the_schema_documents_the_validators_and_the_304_of_every_read(api, db):
    paths = api.get("/api/schema/", {"format": "json"}).json()["paths"]
    reads = [operation for path in paths.values() for method, operation in path.items() if method == "get"]
    assert len(reads) == 12
    for operation in reads:
        assert set(operation["responses"]["200"]["headers"]) == {"ETag", "Last-Modified"}
        assert "content" not in operation["responses"]["304"]
