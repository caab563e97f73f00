"""In a real browser, a student's journeys through the public site, with the demo course loaded.

A student finds the demo course from the home page and reads a unit in APA (remembered by a cookie),
ticks readings off (progress kept in localStorage survives a reload), downloads the reading list for a
reference manager, filters and searches the library, switches the interface to Chinese, and every
public page fits a phone's width and has no serious or critical accessibility problem (axe-core, run
inside the page from the copy that the axe-playwright-python package ships: no network needed).
Console errors, uncaught exceptions and failed requests fail every journey.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Locator, Page, expect

from courses.models import Course, ReadingItem
from literature.models import Citation, Reference, Theme
from tests.browser.conftest import DESKTOP, PHONE, BrowserProblems

pytestmark = pytest.mark.browser

COURSE_SLUG = "urban-left-behind-children"
COURSE_URL = f"/courses/{COURSE_SLUG}/"
COURSE_TITLE = "Urban Left-behind Children in China"
COURSE_LINK = f"SOC 2150 · {COURSE_TITLE}"
TERM = "Spring 2027"
UNIT = "4. Family, parenting and grandparenting"  # its readings: the article's references 27, 28, 29 and 51
GRANDPARENTING = (
    "The relationships between grandparenting, grandparent-grandchild attachment bond, "
    "and mental health of left-behind children: A meta-analysis"
)
THEME = "family-parenting"

axe = Axe()  # the axe.min.js bundled in the axe-playwright-python package, injected into each page
BLOCKING_IMPACTS = ("critical", "serious")


@pytest.fixture
def demo(transactional_db, seeded) -> Course:
    """The article, its references and the published demo course, loaded as the README does it (the session's
    seed is already there, so only the demo course is new)."""
    call_command("load_demo", verbosity=0)
    return Course.objects.get(slug=COURSE_SLUG, status=Course.Status.PUBLISHED)


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


def main_nav(page: Page) -> Locator:
    return page.locator("header.site-header nav:not(.language-switcher)")


def unit_section(page: Page, title: str = UNIT) -> Locator:
    return page.get_by_role("region", name=title, exact=True)


def progress_text(scope: Locator) -> Locator:
    return scope.locator(".progress [data-progress-text]")


def public_pages() -> list[tuple[str, str]]:
    reference = Citation.objects.get(number=27).reference
    return [
        ("home", "/"),
        ("library", "/references/"),
        ("reference", f"/references/{reference.key}/"),
        ("theme", f"/themes/{THEME}/"),
        ("course-list", "/courses/"),
        ("course", COURSE_URL),
    ]


def serious_accessibility_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one readable block each."""
    report = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        report.append(
            f"{urlsplit(page.url).path} [{page.viewport_size['width']}px]: {violation['id']} ({violation['impact']}) "
            f"{violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            report.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:200]}\n      {summary}")
    return report


def test_a_student_finds_the_demo_course_and_reads_a_unit_in_apa(page, demo, problems):
    problems.watch(page)

    # Home page -> Courses -> the demo course, listed under its term.
    page.goto("/")
    main_nav(page).get_by_role("link", name="Courses", exact=True).click()
    expect(page).to_have_url(re.compile(r"/courses/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Courses")
    page.get_by_role("region", name=TERM).get_by_role("link", name=COURSE_LINK).click()
    expect(page).to_have_url(re.compile(rf"{COURSE_URL}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COURSE_TITLE)
    expect(page.locator("section.unit h2")).to_have_count(demo.units.count())

    # The unit's anchor brings its heading into view.
    unit = unit_section(page)
    heading = unit.get_by_role("heading", level=2, name=UNIT)
    anchor = unit.get_attribute("id")
    expect(heading).not_to_be_in_viewport()
    page.goto(f"{COURSE_URL}#{anchor}")
    expect(heading).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target')?.id") == anchor

    # The default style is Vancouver (NLM): "Liu H, Li Z. Title. Journal. 2024;…".
    citations = unit.locator(".citation")
    expect(citations).to_have_count(4)
    expect(citations.first).to_contain_text(f"Liu H, Li Z. {GRANDPARENTING}. Soc Govern Rev. 2024;")
    expect(page.locator("#style-select")).to_have_value("nlm-citation-sequence")

    # Switch to APA with the picker: author-date entries, "(year)." after the authors.
    picker = page.locator("form.style-picker")
    picker.get_by_label("Citation style").select_option(label="APA 7th edition")
    picker.get_by_role("button", name="Show").click()
    # The form's action is the page's own address, so the student stays at the unit.
    expect(page).to_have_url(re.compile(rf"{COURSE_URL}\?style=apa#{anchor}$"))
    expect(heading).to_be_in_viewport()
    expect(page.locator("#style-select")).to_have_value("apa")
    expect(citations.first).to_contain_text(
        f"Liu, H., & Li, Z. (2024). {GRANDPARENTING}. Soc Govern Rev, 2024(1), 73–86."
    )
    expect(citations.last).to_contain_text("Zhang, C. (2023). Social Work Intervention in Deviant Behaviors")
    assert {cookie["name"]: cookie["value"] for cookie in page.context.cookies()}.get("citation_style") == "apa"

    # The next page load, without ?style=, still shows APA: the course page and the library.
    page.goto(COURSE_URL)
    expect(page.locator("#style-select")).to_have_value("apa")
    expect(unit_section(page).locator(".citation").first).to_contain_text("Liu, H., & Li, Z. (2024).")
    main_nav(page).get_by_role("link", name="Library", exact=True).click()
    expect(page).to_have_url(re.compile(r"/references/$"))
    expect(page.locator("#style-select")).to_have_value("apa")
    expect(page.locator("ol.references .citation").first).to_contain_text(re.compile(r"\(\d{4}\)\. "))

    problems.assert_none()


def test_ticked_readings_update_the_progress_bars_and_survive_a_reload(page, new_page, demo, problems):
    problems.watch(page)
    total = ReadingItem.objects.filter(unit__course=demo).count()
    page.goto(COURSE_URL)

    unit = unit_section(page)
    boxes = unit.get_by_role("checkbox", name="Read", exact=True)
    expect(boxes).to_have_count(4)
    expect(page.locator("input[data-reading]")).to_have_count(total)
    unit_bar, course_bar = unit.locator("progress[data-unit-progress]"), page.locator("progress#course-progress")
    course_tools = page.locator(".course-tools")
    first_unit = unit_section(page, "1. Who are urban left-behind children?")
    expect(progress_text(unit)).to_have_text("0 / 4")
    expect(progress_text(course_tools)).to_have_text(f"0 / {total}")
    expect(unit_bar).to_have_js_property("value", 0)

    boxes.nth(0).check()
    boxes.nth(2).check()

    expect(progress_text(unit)).to_have_text("2 / 4")
    expect(progress_text(course_tools)).to_have_text(f"2 / {total}")
    expect(unit_bar).to_have_js_property("value", 2)
    expect(unit_bar).to_have_js_property("max", 4)
    expect(course_bar).to_have_js_property("value", 2)
    expect(course_bar).to_have_js_property("max", total)
    expect(progress_text(first_unit)).to_have_text("0 / 4")  # other units are untouched

    def assert_ticks(expected: list[bool], done: int) -> None:
        for box, checked in zip(boxes.all(), expected, strict=True):
            (expect(box).to_be_checked if checked else expect(box).not_to_be_checked)()
        expect(progress_text(unit)).to_have_text(f"{done} / 4")
        expect(progress_text(course_tools)).to_have_text(f"{done} / {total}")
        expect(unit_bar).to_have_js_property("value", done)
        expect(course_bar).to_have_js_property("value", done)

    page.reload()
    assert_ticks([True, False, True, False], 2)

    # Unticking is remembered too.
    boxes.nth(0).uncheck()
    expect(progress_text(unit)).to_have_text("1 / 4")
    page.reload()
    assert_ticks([False, False, True, False], 1)

    # Progress lives in this browser only: another browser profile starts from nothing.
    other = problems.watch(new_page(**DESKTOP))
    other.goto(COURSE_URL)
    expect(progress_text(other.locator(".course-tools"))).to_have_text(f"0 / {total}")

    problems.assert_none()


def test_a_student_downloads_the_reading_list_as_ris_and_bibtex(page, demo, problems):
    problems.watch(page)
    references = ReadingItem.objects.filter(unit__course=demo).values("reference").distinct().count()
    first = ReadingItem.objects.filter(unit__course=demo).order_by("unit__position", "position").first().reference
    page.goto(COURSE_URL)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="RIS (EndNote, Zotero)").click()
    download = download_info.value
    assert download.suggested_filename == f"{COURSE_SLUG}.ris"
    ris = Path(download.path()).read_text(encoding="utf-8")
    records = [record.strip() for record in re.split(r"^ER  - *$", ris, flags=re.MULTILINE) if record.strip()]
    assert len(records) == references
    assert len(re.findall(r"^TY  - \w+", ris, flags=re.MULTILINE)) == references
    assert len(re.findall(r"^ER  - *$", ris, flags=re.MULTILINE)) == references
    assert all(record.startswith("TY  - ") for record in records), records[:2]
    assert f"TI  - {first.title}" in records[0].splitlines()  # in syllabus order
    assert f"TI  - {GRANDPARENTING}" in ris.splitlines()
    assert "AU  - Liu, H" in ris.splitlines()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="BibTeX").click()
    download = download_info.value
    assert download.suggested_filename == f"{COURSE_SLUG}.bib"
    bibtex = Path(download.path()).read_text(encoding="utf-8")
    assert len(re.findall(r"^@\w+\{[^,\s]+,$", bibtex, flags=re.MULTILINE)) == references
    assert re.search(r"^\s*title = \{+The relationships between grandparenting", bibtex, flags=re.MULTILINE)

    problems.assert_none()


def test_a_student_filters_the_library_by_theme_and_searches_it(page, demo, problems):
    problems.watch(page)
    total = Reference.objects.count()
    theme = Theme.objects.get(slug=THEME)
    in_theme = theme.references.count()
    assert 0 < in_theme < min(total, 25)  # one page of results

    page.goto("/")
    main_nav(page).get_by_role("link", name="Library", exact=True).click()
    count = page.locator(".result-count")
    expect(count).to_have_text(re.compile(rf"^{total} references"))
    results = page.locator("ol.references > li")
    expect(results).to_have_count(25)

    # Filter by a theme: choose it, Apply.
    page.locator("#id_theme").select_option(label=theme.name)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"[?&]theme={THEME}(&|$)"))
    expect(count).to_have_text(f"{in_theme} references")
    expect(results).to_have_count(in_theme)
    expect(results.filter(has=page.locator("a.tag", has_text=theme.name))).to_have_count(in_theme)
    expect(page.locator("#id_theme")).to_have_value(THEME)

    # Clear, then search for a word from a title.
    page.get_by_role("link", name="Clear", exact=True).click()
    expect(count).to_have_text(re.compile(rf"^{total} references"))
    page.get_by_role("textbox", name="Search").fill("grandparenting")
    page.get_by_role("button", name="Apply").click()
    assert parse_qs(urlsplit(page.url).query)["q"] == ["grandparenting"]
    expect(page.get_by_role("textbox", name="Search")).to_have_value("grandparenting")
    expect(count).to_have_text(re.compile(r"^\d+ references?$"))
    matching = results.filter(has_text=GRANDPARENTING)
    expect(matching).to_have_count(1)
    for result in results.all():
        expect(result).to_contain_text(re.compile("grandparent", re.IGNORECASE))
    found = int(count.inner_text().split()[0])
    assert 1 <= found < total
    expect(results).to_have_count(found)

    # The matching reference's page.
    matching.get_by_role("link", name="Details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GRANDPARENTING)
    expect(page.get_by_role("region", name="Assigned in")).to_contain_text(COURSE_LINK.replace(" · ", " "))

    problems.assert_none()


def test_a_student_switches_the_interface_to_chinese(page, demo, problems):
    problems.watch(page)
    page.goto("/courses/")
    nav = main_nav(page)
    expect(nav.get_by_role("link")).to_contain_text(["Article", "Library", "Courses"])
    switcher = page.locator("nav.language-switcher")
    expect(switcher.get_by_role("link")).to_have_count(1)  # the other language; the current one is not a link
    expect(switcher).to_contain_text("English")

    switcher.get_by_role("link", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page).to_have_url(re.compile(r"/courses/$"))  # back on the page the student was on
    expect(nav.get_by_role("link", name="文章", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="文献库", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="课程", exact=True)).to_be_visible()
    expect(nav).not_to_contain_text("Library")
    expect(switcher.locator("[aria-current=true]")).to_have_text("简体中文")
    # The demo course itself is still there, in its own language.
    expect(page.get_by_role("link", name=COURSE_LINK)).to_be_visible()

    # The choice stays for the next pages, and the Chinese pages are accessible too.
    nav.get_by_role("link", name="文献库", exact=True).click()
    expect(page).to_have_url(re.compile(r"/references/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(nav.get_by_role("link", name="课程", exact=True)).to_be_visible()
    assert serious_accessibility_violations(page) == []

    # And back to English.
    switcher.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav.get_by_role("link", name="Library", exact=True)).to_be_visible()

    problems.assert_none()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_main_pages_fit_the_screen_and_are_photographed(device, new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**(DESKTOP if device == "desktop" else PHONE)))
    width = page.viewport_size["width"]
    too_wide = []
    for name, url in public_pages():
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if name == "course":
            expect(page.locator("#course-progress")).to_be_visible()  # progress.js has run
        screenshot(page, f"student-{name}-{device}")
        assert page.evaluate("window.innerWidth") == width
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            culprits = page.evaluate(
                """width => [...document.querySelectorAll("body *")]
                    .filter(element => element.getBoundingClientRect().right > width + 0.5)
                    .slice(0, 5).map(element => element.outerHTML.slice(0, 120))""",
                width,
            )
            too_wide.append(f"{url}: {scroll_width}px wide; e.g. {culprits}")
    assert too_wide == [], f"pages wider than the {width}px screen:\n" + "\n".join(too_wide)
    problems.assert_none()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_public_pages_have_no_serious_accessibility_violations(device, new_page, demo, problems):
    page = problems.watch(new_page(**(DESKTOP if device == "desktop" else PHONE)))
    pages = [
        *public_pages(),
        ("library, filtered", f"/references/?theme={THEME}&q=grandparenting&sort=-year&style=apa"),
        ("library, nothing found", "/references/?q=no-such-word-anywhere"),
    ]
    report = []
    for name, url in pages:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if name == "course":
            expect(page.locator("input[data-reading]").first).to_be_visible()  # progress.js has run
        report += serious_accessibility_violations(page)
    assert report == [], "axe-core found serious or critical accessibility violations:\n" + "\n".join(report)
    problems.assert_none()

    # The check itself works: a page with an image without a text alternative fails it.
    page.set_content('<main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main>')
    assert any("image-alt (critical)" in line for line in serious_accessibility_violations(page))
