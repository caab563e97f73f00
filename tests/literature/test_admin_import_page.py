"""Instructors paste or upload a list in the admin, preview every entry, and import what they confirm."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from literature.models import Reference

URL = "/admin/literature/reference/import/"
LIST = (
    "1. Zhou P. Care at a distance (master’s thesis). Hunan Normal University. 2022.\n"
    "2. Smith J, Brown AB. Migrant parents. Child Dev 2019;90:1021–1035. DOI: https://doi.org/10.1111/cdev.1\n"
    "3. Zhong Y, Yang. Psychological impacts of peer exclusion in children. J Hexi Univ 2023; 39(3):97-103.\n"
)


@pytest.fixture
def staff(client_for, instructor, seeded):
    return client_for(instructor)


def test_the_preview_shows_each_entry_as_read_and_writes_nothing(staff):
    page = staff.post(URL, {"format": "text", "text": LIST, "preview": "1"}).content.decode()
    assert "3 entries read. Nothing is saved until you confirm." in page
    assert "Thesis or dissertation (master&#x27;s thesis)" in page and "Hunan Normal University" in page
    assert "Child Dev 90:1021–1035" in page and "10.1111/cdev.1" in page
    assert "⚠ author &#x27;Yang&#x27; has no initials" in page
    assert Reference.objects.filter(title="Migrant parents").count() == 0


def test_a_reference_already_in_the_library_is_reported_and_not_imported(staff):
    page = staff.post(URL, {"format": "text", "text": LIST, "preview": "1"}).content.decode()
    assert page.count("Already in the library") == 1  # entry 3 is the article's reference 33
    assert page.count('name="skip"') == 2


def fingerprint(page: str) -> str:
    return re.search(r'name="preview" value="([0-9a-f]{64})"', page)[1]


def test_confirming_imports_exactly_the_entries_not_skipped(staff, instructor):
    page = staff.post(URL, {"format": "text", "text": LIST, "preview": "1"}).content.decode()
    confirm = {"format": "text", "text": LIST, "preview": fingerprint(page), "confirm": "1", "skip": ["0"]}
    response = staff.post(URL, confirm, follow=True)
    assert "Imported 1 reference(s); 1 already in the library or listed twice, left unchanged; 1 skipped." in (
        response.content.decode()
    )
    assert Reference.objects.get(title="Migrant parents").added_by == instructor
    assert not Reference.objects.filter(title="Care at a distance").exists()
    assert Reference.objects.filter(title="Psychological impacts of peer exclusion in children").count() == 1


def test_the_same_work_twice_in_one_list_is_marked(staff):
    twice = LIST + "4. Smith J, Brown AB. Migrant parents. Child Dev 2019;90:1021–1035.\n"
    page = staff.post(URL, {"format": "text", "text": twice, "preview": "1"}).content.decode()
    assert "Same work as entry 2" in page


def test_a_malformed_list_is_refused_with_the_entry_named(staff):
    page = staff.post(URL, {"format": "text", "text": LIST + "5. Li Q. A title. J Y 2020;1:2-3.\n"}).content.decode()
    assert "Nothing was imported." in page
    assert "entry 5 (line 4): numbering skips after entry 3" in page
    assert Reference.objects.count() == 51


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("big.txt", b"1. " + b"x" * (3 * 1024 * 1024)), "the limit is 2 MB"),
        (SimpleUploadedFile("latin1.txt", "1. Café. J 2020;1:1.".encode("latin-1")), "not valid UTF-8"),
    ],
    ids=["too-big", "wrong-encoding"],
)
def test_a_bad_upload_gets_a_message(staff, upload, message):
    response = staff.post(URL, {"format": "text", "file": upload, "preview": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Reference.objects.count() == 51


def test_an_empty_form_asks_for_a_list(staff):
    assert "Paste a list or choose a file." in staff.post(URL, {"format": "text", "text": "  "}).content.decode()


def test_an_unknown_format_is_refused(staff):
    page = staff.post(URL, {"format": "docx", "text": LIST}).content.decode()
    assert "Select a valid choice." in page


def test_csl_json_can_be_uploaded(staff):
    upload = SimpleUploadedFile("items.json", b'[{"id": "x1", "type": "book", "title": "A book on cities"}]')
    page = staff.post(URL, {"format": "csljson", "file": upload, "preview": "1"}).content.decode()
    assert "A book on cities" in page


def test_students_and_visitors_cannot_import(client, client_for, student, seeded):
    assert client.get(URL).status_code == 302
    assert client_for(student).post(URL, {"format": "text", "text": LIST}).status_code == 302
    assert Reference.objects.count() == 51


def test_the_reference_list_links_to_the_import_page(staff):
    assert f'href="{URL}"' in staff.get("/admin/literature/reference/").content.decode()
