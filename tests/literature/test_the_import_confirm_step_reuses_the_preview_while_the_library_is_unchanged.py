"""The admin's confirm step imports what the preview decided without reading the list again, as long as nothing
in the library has changed since the preview; after a change it decides afresh, and refuses (imports nothing,
shows the preview again) when the change alters what the preview offered."""

import re

import pytest

from literature import admin_import
from literature.formats import PARSERS
from literature.models import Reference
from literature.services import references_import

URL = "/admin/literature/reference/import/"
LIST = (
    "1. Smith J, Brown AB. Migrant parents. Child Dev 2019;90:1021–1035. DOI: https://doi.org/10.1111/cdev.1\n"
    "2. Wu L, Chen Q. Grandparents who raise children. J Fam Stud 2021;12:4-19.\n"
    "3. Gao R. Boarding schools in Gansu. Chin Educ Soc 2020;53:77-90.\n"
)
TITLES = ["Migrant parents", "Grandparents who raise children", "Boarding schools in Gansu"]


@pytest.fixture
def staff(client_for, instructor, seeded):
    return client_for(instructor)


@pytest.fixture
def parses(monkeypatch):
    """How many times the admin parses a list."""
    calls = []
    parse = admin_import.PARSERS["text"]
    monkeypatch.setitem(admin_import.PARSERS, "text", lambda text: calls.append(1) or parse(text))
    return calls


def preview(staff) -> str:
    page = staff.post(URL, {"format": "text", "text": LIST, "preview": "1"}).content.decode()
    return re.search(r'name="preview" value="([0-9a-f]{64})"', page)[1]


def confirm(staff, fingerprint: str, **choices):
    return staff.post(URL, {"format": "text", "text": LIST, "preview": fingerprint, "confirm": "1", **choices})


def imported() -> list[str]:
    return sorted(Reference.objects.filter(title__in=TITLES).values_list("title", flat=True))


def test_the_confirm_step_imports_the_previewed_choice_without_parsing_the_list_again(staff, parses):
    fingerprint = preview(staff)
    assert len(parses) == 1
    response = confirm(staff, fingerprint, skip=["1"])
    assert response.status_code == 302
    assert len(parses) == 1  # the preview's reading and decisions were used
    assert imported() == ["Boarding schools in Gansu", "Migrant parents"]


def test_after_an_unrelated_change_to_the_library_the_confirm_step_decides_afresh_and_imports(staff, parses):
    fingerprint = preview(staff)
    other = Reference.objects.order_by("pk").first()
    other.title += " (corrected)"
    other.save()  # another instructor's edit: the preview's decisions may no longer hold, so they are checked
    response = confirm(staff, fingerprint)
    assert response.status_code == 302
    assert len(parses) == 2
    assert imported() == sorted(TITLES)


def test_when_the_library_changed_what_the_preview_offered_the_confirm_step_imports_nothing(staff):
    fingerprint = preview(staff)
    # Meanwhile someone imports entry 2: it is no longer new, so the offer the instructor confirmed has changed.
    references_import(records=[PARSERS["text"](LIST)[1]], update_existing=False)
    page = confirm(staff, fingerprint).content.decode()
    assert "Nothing was imported: the list or the library changed since the preview." in page
    assert imported() == ["Grandparents who raise children"]


def test_a_list_changed_after_the_preview_is_not_imported_from_the_preview(staff):
    fingerprint = preview(staff)
    changed = LIST.replace("Boarding schools", "Day schools")
    page = staff.post(URL, {"format": "text", "text": changed, "preview": fingerprint, "confirm": "1"})
    assert "Nothing was imported: the list or the library changed since the preview." in page.content.decode()
    assert imported() == []


def test_another_user_cannot_confirm_from_someone_else_s_preview_without_a_fresh_decision(
    staff, client_for, other_instructor, parses
):
    fingerprint = preview(staff)
    response = confirm(client_for(other_instructor), fingerprint)
    assert response.status_code == 302  # the same list and offer: imported, but decided afresh for this user
    assert len(parses) == 2
    assert Reference.objects.get(title="Migrant parents").added_by == other_instructor
