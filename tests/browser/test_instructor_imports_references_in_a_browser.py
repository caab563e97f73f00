"""In a real browser, an instructor imports a reference list through the admin's import page.

The journey goes through the screens a person uses: the login form, the reference list and its
"Import references" link, the import form (pasting a list or choosing a file), the preview table
with its checkboxes, and the reference list's search box to find what was imported.
"""

import json
import re

import pytest
from playwright.sync_api import Page, expect

from literature.models import Citation, Reference
from tests.browser.conftest import BrowserProblems
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

IMPORT_URL = "/admin/literature/reference/import/"
CHANGELIST_URL = "/admin/literature/reference/"

THESIS_TITLE = "Growing up between the village and the city"
ARTICLE_TITLE = "Migrant parents and the schooling of children left in the city"
ARTICLE_DOI = "10.1111/cdev.13045"
DUPLICATE_TITLE = "Psychological impacts of peer exclusion in children"  # the article's reference 33
NOTES_TITLE = "Interview notes shared by a teacher in Chengdu, spring term"
LIST = (
    f"1. Liu X. {THESIS_TITLE} (master’s thesis). Sichuan Normal University. 2021.\n"
    f"2. Smith J, Brown AB. {ARTICLE_TITLE}. Child Dev 2019;90:1021–1035. DOI: https://doi.org/{ARTICLE_DOI}\n"
    f"3. Zhong Y, Yang. {DUPLICATE_TITLE}. J Hexi Univ 2023; 39(3):97-103.\n"
    f"4. {NOTES_TITLE}\n"
)
NO_AUTHORS_WARNING = "could not find the authors and title; kept as printed"


def log_in_and_open_the_import_page(page: Page) -> None:
    """Log in as the instructor through the form, open the reference list and follow its import link."""
    page.goto("/admin/login/")
    page.get_by_label("Username").press_sequentially("ada")
    page.get_by_label("Password").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text("Welcome,")

    page.locator("tr.model-reference").get_by_role("link", name="References").click()
    expect(page).to_have_url(re.compile(rf"{CHANGELIST_URL}$"))
    page.get_by_role("link", name="Import references").click()
    expect(page).to_have_url(re.compile(rf"{IMPORT_URL}$"))
    expect(page.locator("#content h1")).to_have_text("Import references")


def preview_cells(page: Page, row: int):
    """The cells of one preview row (0-based): Import?, #, type, authors, title, source, year, DOI / URL, notes."""
    return page.locator("#import-preview tbody tr").nth(row).locator("td")


def search_the_reference_list(page: Page, term: str) -> None:
    search = page.locator("#searchbar")
    search.fill(term)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"\?q="))
    expect(search).to_have_value(term)


def test_an_instructor_previews_a_pasted_list_and_imports_the_ticked_entries(page, seeded, instructor, screenshot):
    problems = BrowserProblems()
    problems.watch(page)
    existing = Citation.objects.get(number=33).reference
    assert existing.title == DUPLICATE_TITLE
    existing_updated = existing.updated

    log_in_and_open_the_import_page(page)
    expect(page.get_by_label("Format")).to_have_value("text")
    page.get_by_label("Format").select_option(label="Numbered list as printed in an article")
    page.get_by_label("Paste the list").fill(LIST)
    screenshot(page, "import-form")
    page.get_by_role("button", name="Preview").click()

    # The preview: every entry as it was read, nothing saved yet.
    expect(page.locator("#content h1")).to_have_text("Import references")
    expect(page.locator("#content")).to_contain_text("4 entries read. Nothing is saved until you confirm.")
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_count(4)
    expect(rows).to_have_class(["status-new", "status-new", "status-duplicate", "status-new"])
    expect(rows.locator("td:nth-child(2)")).to_have_text(["1", "2", "3", "4"])
    expect(rows.locator("td:nth-child(3)")).to_have_text(
        [
            "Thesis or dissertation (master's thesis)",
            "Journal article",
            "Journal article",
            "Other document (unclassified)",
        ]
    )
    expect(rows.locator("td:nth-child(4)")).to_have_text(["Liu X", "Smith J; Brown AB", "Zhong Y; Yang", ""])
    expect(rows.locator("td:nth-child(5)")).to_have_text([THESIS_TITLE, ARTICLE_TITLE, DUPLICATE_TITLE, NOTES_TITLE])
    expect(rows.locator("td:nth-child(6)")).to_have_text(
        ["Sichuan Normal University", "Child Dev 90:1021–1035", "J Hexi Univ 39(3):97-103", ""]
    )
    expect(rows.locator("td:nth-child(7)")).to_have_text(["2021", "2019", "2023", ""])
    expect(rows.locator("td:nth-child(8)")).to_have_text(["", ARTICLE_DOI, "", ""])

    # Warnings only on the flagged entries (the duplicate's author without initials, the unclassifiable notes).
    notes = rows.locator("td:nth-child(9)")
    expect(notes.nth(0)).to_have_text("")
    expect(notes.nth(1)).to_have_text("")
    expect(notes.nth(2).locator(".warning")).to_have_text(["⚠ author 'Yang' has no initials"])
    expect(notes.nth(3).locator(".warning")).to_have_text([f"⚠ {NO_AUTHORS_WARNING}"])

    # The article's reference 33 is already in the library: a link to it, and nothing to tick.
    expect(page.locator("#import-preview").get_by_text("Already in the library", exact=True)).to_have_count(1)
    expect(notes.nth(2)).to_contain_text(f"Already in the library as {existing.key}.")
    link = notes.nth(2).get_by_role("link", name=existing.key)
    expect(link).to_have_attribute("href", f"/admin/literature/reference/{existing.pk}/change/")
    assert page.request.get(link.get_attribute("href")).ok  # the instructor may open it (read-only)
    expect(preview_cells(page, 2).first).to_have_text("—")
    checkboxes = page.locator("#import-preview input[type=checkbox]")
    expect(checkboxes).to_have_count(3)
    # Readable entries are imported unless skipped (the form posts only the skipped ones, so a list of
    # thousands stays under Django's 1,000-field limit).
    for number in (1, 2):
        expect(page.get_by_label(f"Skip entry {number}")).not_to_be_checked()
    expect(page.get_by_label("Skip entry 3")).to_have_count(0)
    # The entry the importer could not read is imported only if ticked, with its problem said.
    expect(page.get_by_label("Skip entry 4")).to_have_count(0)
    expect(page.get_by_label("Import entry 4")).not_to_be_checked()
    expect(notes.nth(3)).to_contain_text("Could not be read: not imported unless ticked.")
    screenshot(page, "import-preview")
    assert Reference.objects.count() == 51  # the preview wrote nothing
    problems.assert_none()

    # Leave the thesis out, import the unread notes as printed anyway, and the article.
    page.get_by_label("Skip entry 1").check()
    expect(page.get_by_label("Skip entry 1")).to_be_checked()
    page.get_by_label("Import entry 4").check()
    page.get_by_role("button", name="Import the entries not skipped").click()
    expect(page).to_have_url(re.compile(rf"{CHANGELIST_URL}$"))
    expect(page.locator(".messagelist .success")).to_have_text(
        "Imported 2 reference(s); 1 already in the library or listed twice, left unchanged; 1 skipped."
    )

    # The reference list's search box finds the imported entries, not the one left out.
    search_the_reference_list(page, "Migrant parents")
    results = page.locator("#result_list tbody tr")
    expect(results).to_have_count(1)
    expect(results.locator("th.field-title")).to_have_text(ARTICLE_TITLE)
    expect(results.locator("td.field-authors_display")).to_have_text("Smith J, Brown AB")
    expect(results.locator("td.field-year")).to_have_text("2019")
    search_the_reference_list(page, "Interview notes")
    expect(results).to_have_count(1)
    expect(results.locator("th.field-title")).to_have_text(NOTES_TITLE)
    expect(results.locator("td.field-needs_review img")).to_have_attribute("alt", "True")
    search_the_reference_list(page, "village and the city")
    expect(page.locator("#result_list")).to_have_count(0)
    expect(page.locator("#changelist-search")).to_contain_text("0 results")
    problems.assert_none()

    # In the database: two new references added by the instructor; the duplicate untouched.
    assert Reference.objects.count() == 53
    added = {reference.title: reference for reference in Reference.objects.filter(added_by=instructor)}
    assert set(added) == {ARTICLE_TITLE, NOTES_TITLE}
    article = added[ARTICLE_TITLE]
    assert (article.type, article.container_title, article.volume, article.pages, article.year, article.doi) == (
        "article-journal",
        "Child Dev",
        "90",
        "1021–1035",
        2019,
        ARTICLE_DOI,
    )
    assert [author.display_name() for author in article.authors.all()] == ["Smith J", "Brown AB"]
    assert not article.needs_review
    notes_reference = added[NOTES_TITLE]
    assert (notes_reference.type, notes_reference.needs_review) == ("document", True)
    assert notes_reference.review_note_list() == [NO_AUTHORS_WARNING]
    assert notes_reference.citation_text == NOTES_TITLE
    assert not Reference.objects.filter(title=THESIS_TITLE).exists()
    assert Reference.objects.filter(title=DUPLICATE_TITLE).count() == 1
    existing.refresh_from_db()
    assert (existing.updated, existing.added_by) == (existing_updated, None)


def test_a_list_with_a_numbering_gap_is_refused_and_nothing_is_imported(page, seeded, instructor):
    problems = BrowserProblems()
    problems.watch(page)
    malformed = LIST.replace("4. Interview", "5. Interview")

    log_in_and_open_the_import_page(page)
    page.get_by_label("Paste the list").fill(malformed)
    page.get_by_role("button", name="Preview").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was imported. Please correct these entries and try again:")
    expect(alert.locator("li")).to_have_text(["entry 5 (line 4): numbering skips after entry 3"])
    expect(page.locator("#import-preview")).to_have_count(0)
    expect(page.get_by_role("button", name="Import the entries not skipped")).to_have_count(0)
    # The list is still there to be corrected (the browser sends its line breaks as CRLF).
    pasted = page.get_by_label("Paste the list").input_value()
    assert pasted.replace("\r\n", "\n").strip() == malformed.strip()
    assert Reference.objects.count() == 51
    assert not Reference.objects.filter(added_by=instructor).exists()
    problems.assert_none()


CSL_ITEMS = [
    {
        "id": "chen2020children",
        "type": "book",
        "title": "Children of the city: migration and schooling",
        "author": [{"family": "Chen", "given": "L"}],
        "issued": {"date-parts": [[2020]]},
        "publisher": "Policy Press",
        "publisher-place": "Bristol",
    },
    {
        "id": "wu2018care",
        "type": "article-journal",
        "title": "Care arrangements of urban migrant families",
        "author": [{"family": "Wu", "given": "H"}, {"literal": "Urban Family Study Group"}],
        "container-title": "China Q",
        "volume": "236",
        "issue": "4",
        "page": "1-20",
        "issued": {"date-parts": [[2018, 11]]},
        "DOI": "10.1017/S0305741018000123",
        "note": "read for week 3",
    },
]


def test_an_uploaded_csl_json_file_is_previewed_and_imported(page, instructor):
    problems = BrowserProblems()
    problems.watch(page)
    data = json.dumps(CSL_ITEMS, ensure_ascii=False, indent=2).encode()

    log_in_and_open_the_import_page(page)
    page.get_by_label("Format").select_option(label="CSL-JSON (Zotero, citeproc)")
    page.get_by_label("or upload a file").set_input_files(
        {"name": "zotero-export.json", "mimeType": "application/json", "buffer": data}
    )
    page.get_by_role("button", name="Preview").click()

    expect(page.locator("#content")).to_contain_text("2 entries read. Nothing is saved until you confirm.")
    rows = page.locator("#import-preview tbody tr")
    expect(rows).to_have_class(["status-new", "status-new"])
    expect(rows.locator("td:nth-child(3)")).to_have_text(["Book", "Journal article"])
    expect(rows.locator("td:nth-child(4)")).to_have_text(["Chen L", "Wu H; Urban Family Study Group"])
    expect(rows.locator("td:nth-child(5)")).to_have_text([item["title"] for item in CSL_ITEMS])
    expect(rows.locator("td:nth-child(6)")).to_have_text(["Bristol: Policy Press", "China Q 236(4):1-20"])
    expect(rows.locator("td:nth-child(7)")).to_have_text(["2020", "2018"])
    expect(rows.locator("td:nth-child(8)")).to_have_text(["", "10.1017/S0305741018000123"])
    expect(rows.locator("td:nth-child(9) .warning")).to_have_text(["⚠ fields not kept on import: note"])
    expect(page.get_by_label("Skip entry 1")).not_to_be_checked()
    expect(page.get_by_label("Skip entry 2")).not_to_be_checked()
    assert not Reference.objects.exists()

    # The uploaded file travels with the preview's form, so confirming imports it too.
    page.get_by_role("button", name="Import the entries not skipped").click()
    expect(page.locator(".messagelist .success")).to_have_text(
        "Imported 2 reference(s); 0 already in the library or listed twice, left unchanged; 0 skipped."
    )
    search_the_reference_list(page, "Children of the city")
    expect(page.locator("#result_list tbody tr th.field-title")).to_have_text([CSL_ITEMS[0]["title"]])
    problems.assert_none()

    imported = Reference.objects.filter(added_by=instructor).order_by("key")
    assert [(r.key, r.type, r.year) for r in imported] == [
        ("chen2020children", "book", 2020),
        ("wu2018care", "article-journal", 2018),
    ]
    assert imported.get(key="wu2018care").review_note_list() == ["fields not kept on import: note"]
