"""The API keeps serialized reads in a cache (api/caching.py), yet every way of changing content shows at once:
the API, the admin's forms and actions, deletes, many-to-many changes, renamed authors and instructors."""

import pytest
from django.core.management import call_command

from courses.models import Course, ReadingItem, Unit
from literature.models import Author, Reference


def first_unit(course_slug: str) -> Unit:
    return Unit.objects.filter(course__slug=course_slug).order_by("position").first()


def rename_unit_through_the_api(api_as, instructor, **_):
    unit = first_unit("ada-live")
    response = api_as(instructor).patch(f"/api/v1/units/{unit.pk}/", {"title": "Renamed"}, format="json")
    assert response.status_code == 200


def publish_with_the_admin_action(client_for, instructor, courses, **_):
    # The action writes with QuerySet.update(), which sends no signal.
    draft = courses["draft"]
    client_for(instructor).post("/admin/courses/course/", {"action": "publish", "_selected_action": [draft.pk]})
    assert Course.objects.get(pk=draft.pk).status == Course.Status.PUBLISHED


def save_a_unit(**_):
    unit = first_unit("ada-live")
    unit.title = "Saved elsewhere"
    unit.save()


def delete_a_reading(**_):
    ReadingItem.objects.filter(unit__course__slug="ada-live").first().delete()


def clear_a_references_themes(**_):
    Reference.objects.get(key="mao2023analysis").themes.clear()


def rename_an_author(**_):
    author = Author.objects.filter(reference__key="mao2023analysis").first()
    author.family = "Renamed"
    author.save()


def rename_the_instructor(instructor, **_):
    instructor.first_name = "Adaline"
    instructor.save()


def reimport_the_seed(**_):
    call_command("load_seed", verbosity=0)


WRITES = [rename_unit_through_the_api, publish_with_the_admin_action, save_a_unit, delete_a_reading,
          clear_a_references_themes, rename_an_author, rename_the_instructor]  # fmt: skip
URLS = ["/api/v1/courses/", "/api/v1/courses/ada-live/", "/api/v1/units/", "/api/v1/items/",
        "/api/v1/references/mao2023analysis/", "/api/v1/references/?search=mao"]  # fmt: skip


def reads(api) -> dict:
    api.force_authenticate(None)
    return {url: api.get(url).content for url in URLS}


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__)
def test_a_change_shows_in_the_next_read(api, api_as, client_for, instructor, courses, write):
    before = reads(api)
    assert reads(api) == before  # served from the cache, unchanged
    write(api_as=api_as, client_for=client_for, instructor=instructor, courses=courses)
    assert reads(api) != before


def test_reimporting_the_same_seed_changes_no_content_but_is_served_fresh(api, courses):
    before = reads(api)
    reimport_the_seed()
    assert reads(api) == before


def test_each_caller_has_their_own_cached_reads(api, api_as, instructor, courses):
    # Ada's list includes her draft; the cached copy of her list must never reach an anonymous caller.
    mine = api_as(instructor).get("/api/v1/courses/").json()
    assert "ada-draft" in [course["slug"] for course in mine["results"]]
    api.force_authenticate(None)
    public = api.get("/api/v1/courses/").json()
    assert "ada-draft" not in [course["slug"] for course in public["results"]]
    assert api.get("/api/v1/courses/ada-draft/").status_code == 404
