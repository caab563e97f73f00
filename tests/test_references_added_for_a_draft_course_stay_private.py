"""A reference an instructor adds for a draft course is not public: only the instructors of the courses that read it,
the instructor who added it and superusers see it, on every page, export and API read, until a published course
assigns it. The article's references, and those no instructor added, are public."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from courses.models import Course
from literature.models import Reference, Theme

TITLE = "Quiet corridors: a private study of migrant pupils"


@pytest.fixture
def private_reference(make_course, instructor):
    reference = Reference.objects.create(
        key="quiet2026corridors", type="article-journal", title=TITLE, year=2026, added_by=instructor
    )
    reference.themes.add(Theme.objects.get(slug="education-schooling"))
    course = make_course(instructor, slug="ada-draft", units=((5,),))
    course.units.get().items.create(reference=reference, position=2)
    return reference


PAGES = [
    "/references/?sort=-year",
    "/references/?q=quiet+corridors",
    "/references/?theme=education-schooling&sort=-year",
    "/themes/education-schooling/",
    "/references/export.ris",
    "/references/export.bib",
    "/references/export.json",
    "/references/export.txt?q=corridors",
]
API = [
    "/api/v1/references/?page_size=100",
    "/api/v1/references/?q=corridors",
    "/api/v1/references/?format=csljson&page_size=100",
    "/api/v1/references/?format=bibtex&year_min=2026",
    "/api/v1/references/?format=ris&theme=education-schooling",
]


def client_as(user, *, api=False):
    client = APIClient() if api else Client()
    if user is not None:
        client.force_login(user)
    return client


def shown_to(user, reference) -> dict[str, bool]:
    """Whether the reference appears at each address for the user (its own page and API read: not a 404)."""
    seen = {}
    for url in PAGES:
        response = client_as(user).get(url)
        assert response.status_code == 200, url
        seen[url] = TITLE in response.content.decode()
    for url in API:
        response = client_as(user, api=True).get(url)
        assert response.status_code == 200, url
        seen[url] = TITLE in response.content.decode()
    seen["reference page"] = client_as(user).get(f"/references/{reference.key}/").status_code == 200
    for form in ("json", "csljson", "bibtex", "ris"):
        detail = client_as(user, api=True).get(f"/api/v1/references/{reference.key}/?format={form}")
        seen[f"API detail {form}"] = detail.status_code == 200
    return seen


@pytest.mark.parametrize("persona", ["anonymous", "student", "other_instructor"])
def test_nobody_else_sees_a_reference_added_for_a_draft(request, private_reference, instructor, persona):
    # The instructor looks first, so a private page they filled the cache with would be found by the next reader.
    assert all(shown_to(instructor, private_reference).values())
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    seen = shown_to(user, private_reference)
    assert not any(seen.values()), [where for where, shown in seen.items() if shown]


def test_its_instructor_co_instructors_and_superusers_see_it_everywhere(
    private_reference, instructor, other_instructor, superuser
):
    for user in (instructor, superuser):
        seen = shown_to(user, private_reference)
        assert all(seen.values()), [where for where, shown in seen.items() if not shown]
    Course.objects.get(slug="ada-draft").instructors.add(other_instructor)
    seen = shown_to(other_instructor, private_reference)
    assert all(seen.values()), [where for where, shown in seen.items() if not shown]


def test_another_instructor_can_neither_find_nor_assign_it(private_reference, other_instructor, make_course):
    client = client_as(other_instructor)
    found = client.get("/admin/autocomplete/?app_label=courses&model_name=readingitem&field_name=reference&term=quiet")
    assert found.status_code == 200 and "corridors" not in found.content.decode().lower()
    assert client.get(f"/admin/literature/reference/{private_reference.pk}/change/").status_code in (302, 404)
    course = make_course(other_instructor, slug="bo-draft", units=((27,),))
    api = client_as(other_instructor, api=True)
    response = api.post(
        "/api/v1/items/", {"unit": course.units.get().pk, "reference": private_reference.key}, format="json"
    )
    assert response.status_code == 400
    assert not private_reference.reading_items.filter(unit__course=course).exists()


def test_publishing_the_course_makes_it_public(private_reference, instructor):
    assert not any(shown_to(None, private_reference).values())
    Course.objects.filter(slug="ada-draft").update(status=Course.Status.PUBLISHED)
    course = Course.objects.get(slug="ada-draft")
    course.save()  # a save moves the content version on, as the admin's publish action does
    seen = shown_to(None, private_reference)
    assert all(seen.values()), [where for where, shown in seen.items() if not shown]


def test_archiving_the_course_makes_it_private_again(private_reference, instructor):
    course = Course.objects.get(slug="ada-draft")
    course.status = Course.Status.PUBLISHED
    course.save()
    assert client_as(None).get(f"/references/{private_reference.key}/").status_code == 200
    course.status = Course.Status.ARCHIVED
    course.save()
    assert client_as(None).get(f"/references/{private_reference.key}/").status_code == 404


def test_the_articles_references_and_imported_ones_stay_public(private_reference, seeded, student):
    Reference.objects.create(key="imported2020", type="book", title="Imported by an administrator", year=2020)
    for user in (None, student):
        listing = client_as(user, api=True).get("/api/v1/references/?page_size=100").json()
        keys = {row["key"] for row in listing["results"]}
        assert listing["count"] == 52 and "imported2020" in keys
        assert set(seeded.references.values_list("key", flat=True)) <= keys
        assert "52" in client_as(user).get("/references/").content.decode()


def test_the_admins_publish_action_makes_it_public_on_pages_already_cached(private_reference, instructor):
    # The anonymous visitor fills the library's caches first; publishing must move the library's version on.
    assert not any(shown_to(None, private_reference).values())
    client = client_as(instructor)
    course = Course.objects.get(slug="ada-draft")
    response = client.post(
        "/admin/courses/course/", {"action": "publish", "_selected_action": [course.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Course.objects.get(pk=course.pk).status == Course.Status.PUBLISHED
    seen = shown_to(None, private_reference)
    assert all(seen.values()), [where for where, shown in seen.items() if not shown]


def test_removing_it_from_the_published_course_hides_it_again(private_reference, instructor):
    course = Course.objects.get(slug="ada-draft")
    course.status = Course.Status.PUBLISHED
    course.save()
    assert shown_to(None, private_reference)["/themes/education-schooling/"]
    private_reference.reading_items.get().delete()
    seen = shown_to(None, private_reference)
    assert not any(seen.values()), [where for where, shown in seen.items() if shown]
