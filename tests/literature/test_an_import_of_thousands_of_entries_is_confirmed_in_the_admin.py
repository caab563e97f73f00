"""An instructor previews and confirms a list far longer than Django's 1,000-field form limit in the admin, and
exactly the entries they did not skip are imported: the confirm form posts only the skipped entries."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from literature.models import Reference

URL = "/admin/literature/reference/import/"
COUNT = 1200


def csl_list() -> str:
    return json.dumps(
        [
            {
                "id": f"e{i}",
                "type": "article-journal",
                "title": f"Left-behind children in county {i}",
                "author": [{"family": f"Li{i}", "given": "X"}],
                "container-title": "Chin J Sociol",
                "issued": {"date-parts": [[2000 + i % 25]]},
                "DOI": f"10.9999/thousands.{i}",
            }
            for i in range(COUNT)
        ],
        indent=1,
    )


@pytest.fixture
def staff(client_for, instructor, seeded):
    return client_for(instructor)


def test_twelve_hundred_entries_are_previewed_and_confirmed_less_the_two_skipped(staff):
    content = csl_list() + "\n"
    upload = SimpleUploadedFile("zotero.json", content.encode(), content_type="application/json")
    page = staff.post(URL, {"format": "csljson", "file": upload, "preview": "1"}).content.decode()
    assert f"{COUNT:,} entries read" in page or f"{COUNT} entries read" in page
    assert page.count('name="skip"') == COUNT
    fingerprint = re.search(r'name="preview" value="([0-9a-f]{64})"', page)[1]
    before = Reference.objects.count()

    # The browser posts the file back in the preview's hidden textarea: CRLF line breaks, stripped by the form.
    text = content.replace("\n", "\r\n")
    confirm = {"format": "csljson", "text": text, "preview": fingerprint, "confirm": "1", "skip": ["7", "1100"]}
    response = staff.post(URL, confirm, follow=True)

    assert f"Imported {COUNT - 2} reference(s); 0 already in the library or listed twice" in response.content.decode()
    imported = Reference.objects.filter(doi__startswith="10.9999/thousands.")
    assert Reference.objects.count() == before + COUNT - 2 and imported.count() == COUNT - 2
    assert not imported.filter(title__in=["Left-behind children in county 7", "Left-behind children in county 1100"])


def test_a_confirm_whose_offer_changed_since_the_preview_imports_nothing(staff):
    content = csl_list()
    confirm = {"format": "csljson", "text": content, "preview": "0" * 64, "confirm": "1"}
    page = staff.post(URL, confirm).content.decode()
    assert "Nothing was imported: the list or the library changed since the preview." in page
    assert not Reference.objects.filter(doi__startswith="10.9999/thousands.").exists()
