"""Two clients edit one course through the API: a write carrying the ETag (If-Match) or the time
(If-Unmodified-Since) of a read that is no longer current is refused with 412, and the other client's change stays."""

import pytest
from django.utils.http import http_date

from courses.models import Course


@pytest.fixture
def course(courses):
    return courses["draft"]


def put_course(client, course, headers=None, **changes):
    body = {"code": course.code, "title": course.title, "slug": course.slug, "term": course.term, **changes}
    return client.put(f"/api/v1/courses/{course.slug}/", body, format="json", headers=headers or {})


def test_a_write_with_a_stale_etag_is_refused_and_the_first_change_kept(api_as, course, instructor):
    client = api_as(instructor)
    etag = client.get(f"/api/v1/courses/{course.slug}/")["ETag"]
    assert put_course(client, course, {"If-Match": etag}, title="First").status_code == 200
    response = put_course(client, course, {"If-Match": etag}, title="Second")
    assert response.status_code == 412
    assert "changed since you read it" in response.json()["detail"]
    assert Course.objects.get(pk=course.pk).title == "First"


def test_a_write_with_the_current_etag_goes_through_and_returns_the_next_one(api_as, course, instructor):
    client = api_as(instructor)
    etag = client.get(f"/api/v1/courses/{course.slug}/")["ETag"]
    response = put_course(client, course, {"If-Match": etag}, title="First")
    assert response.status_code == 200
    assert put_course(client, course, {"If-Match": response["ETag"]}, title="Second").status_code == 200
    assert client.get(f"/api/v1/courses/{course.slug}/")["ETag"] != etag


def test_a_change_to_a_reading_makes_the_course_etag_stale(api_as, course, instructor):
    client = api_as(instructor)
    etag = client.get(f"/api/v1/courses/{course.slug}/")["ETag"]
    item = course.units.first().items.first()
    item_etag = client.get(f"/api/v1/items/{item.pk}/")["ETag"]
    assert client.patch(f"/api/v1/items/{item.pk}/", {"pages": "1-3"}, format="json",
                        headers={"If-Match": item_etag}).status_code == 200  # fmt: skip
    assert client.patch(f"/api/v1/items/{item.pk}/", {"pages": "4-5"}, format="json",
                        headers={"If-Match": item_etag}).status_code == 412  # fmt: skip
    assert put_course(client, course, {"If-Match": etag}, title="Late").status_code == 412


def test_an_etag_of_another_format_of_the_same_read_matches(api_as, course, instructor):
    client = api_as(instructor)
    etag = client.get(f"/api/v1/courses/{course.slug}/?format=ris")["ETag"]
    assert put_course(client, course, {"If-Match": etag}, title="From RIS").status_code == 200


def test_a_weak_or_unknown_etag_never_matches(api_as, course, instructor):
    client = api_as(instructor)
    etag = client.get(f"/api/v1/courses/{course.slug}/")["ETag"]
    assert put_course(client, course, {"If-Match": "W/" + etag}).status_code == 412
    assert put_course(client, course, {"If-Match": '"nothing"'}).status_code == 412
    assert client.delete(f"/api/v1/courses/{course.slug}/", headers={"If-Match": '"nothing"'}).status_code == 412
    assert Course.objects.filter(pk=course.pk).exists()


def test_if_unmodified_since_before_the_last_change_is_refused(api_as, course, instructor):
    client = api_as(instructor)
    old = http_date(course.updated.timestamp() - 3600)
    response = put_course(client, course, {"If-Unmodified-Since": old}, title="Late")
    assert response.status_code == 412
    later = http_date(course.updated.timestamp() + 3600)
    assert put_course(client, course, {"If-Unmodified-Since": later}, title="In time").status_code == 200


def test_the_schema_documents_the_preconditions(api):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/courses/{slug}/"]["put"]
    assert {"If-Match", "If-Unmodified-Since"} <= {parameter["name"] for parameter in operation["parameters"]}
    assert "412" in operation["responses"]
