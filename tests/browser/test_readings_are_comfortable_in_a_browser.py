"""Reading comfort in a browser, on a phone (375 px) and a laptop (1280 px): "copy citation" copies the citation in
the chosen style, a done reading looks done after a reload and its unit's heading counts it, the Chinese pages show
Chinese dates and theme names, the chart labels are at least 12 px, the phone header is compact, the error page is
our own; all of it axe-core clean. Screenshots go to artifacts/screenshots/."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from courses.models import Course
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS, BrowserProblems
from tests.browser.test_student_journeys_in_a_browser import (
    COURSE_SLUG,
    COURSE_URL,
    UNIT,
    serious_accessibility_violations,
    unit_section,
)

pytestmark = pytest.mark.browser

DEVICES = {"phone": PHONE, "desktop": DESKTOP}
CLIPBOARD = ["clipboard-read", "clipboard-write"]
APA = "apa"
# The phone header was 181 px tall at 375 px before issue 15 (name on two lines, menu on two, languages on a fifth);
# now the name and the languages share a row above the menu (about 71 px).
PHONE_HEADER_MAX = 80


@pytest.fixture
def demo(transactional_db, seeded) -> Course:
    """The published demo course, as `load_demo` makes it (the session's seed is already there)."""
    call_command("load_demo", verbosity=0)
    return Course.objects.get(slug=COURSE_SLUG)


@pytest.fixture
def problems() -> BrowserProblems:
    return BrowserProblems()


def _text(page: Page, locator) -> str:
    return " ".join(locator.inner_text().split())


@pytest.mark.parametrize("device", DEVICES)
def test_copy_citation_copies_the_chosen_style(device, new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**DEVICES[device], permissions=CLIPBOARD))
    page.goto(f"{COURSE_URL}?style={APA}")
    reading = unit_section(page).locator("li.reading").first
    button = reading.locator("button[data-copy-citation]")  # by role and name it would change when it says "Copied"
    expect(button).to_have_text("Copy citation")
    button.click()
    expect(button).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    # As shown, but with the address as the style printed it (the page shows "DOI 10.…" short: literature/links.py).
    doi = "10.16775/j.cnki.10-1285/d2024.01.008"
    assert copied == _text(page, reading.locator(".citation")).replace(f"DOI {doi}", f"https://doi.org/{doi}")
    assert f"https://doi.org/{doi}" in copied
    assert re.match(r"^Liu,? H\., & Li,? Z\. \(2024\)\. The relationships between grandparenting", copied), copied

    # Another style, another citation: Vancouver numbers the entry and abbreviates differently.
    page.goto(f"{COURSE_URL}?style=nlm-citation-sequence")
    reading = unit_section(page).locator("li.reading").first
    reading.get_by_role("button", name="Copy citation").click()
    vancouver = page.evaluate("navigator.clipboard.readText()")
    assert re.match(r"^\d+\. Liu H, Li Z\. The relationships", vancouver), vancouver
    screenshot(page, f"course-copy-citation-{device}", full_page=False)
    problems.assert_none()


@pytest.mark.parametrize("device", DEVICES)
def test_a_done_reading_looks_done_after_a_reload(device, new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**DEVICES[device]))
    page.goto(COURSE_URL)
    unit = unit_section(page)
    readings = unit.locator("li.reading")
    badge = unit.locator("[data-unit-done]")
    expect(badge).to_have_text("· 0 of 4 read")
    white = readings.nth(1).evaluate("li => getComputedStyle(li).borderLeftColor")

    readings.nth(1).get_by_role("checkbox", name="Read").check()
    expect(readings.nth(1)).to_have_class(re.compile(r"\bis-done\b"))
    expect(badge).to_have_text("· 1 of 4 read")
    page.reload()

    done = unit_section(page).locator("li.reading").nth(1)
    expect(done).to_have_class(re.compile(r"\bis-done\b"))
    expect(done.get_by_role("checkbox", name="Read")).to_be_checked()
    assert done.evaluate("li => getComputedStyle(li).borderLeftColor") != white  # a green bar marks it
    expect(unit_section(page).locator("li.reading").nth(0)).not_to_have_class(re.compile(r"\bis-done\b"))
    expect(unit_section(page).locator("[data-unit-done]")).to_have_text("· 1 of 4 read")

    for box in unit_section(page).get_by_role("checkbox", name="Read").all():
        box.check()
    expect(unit_section(page).locator("[data-unit-done]")).to_have_class(re.compile(r"\bcomplete\b"))
    done.scroll_into_view_if_needed()
    screenshot(page, f"course-done-readings-{device}", full_page=False)
    assert serious_accessibility_violations(page) == []
    problems.assert_none()


@pytest.mark.parametrize("device", DEVICES)
def test_the_chinese_pages_show_chinese_dates_and_theme_names(device, new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**DEVICES[device], locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN"}))
    page.goto(COURSE_URL)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    unit_lines = page.locator("section.unit > p.meta")
    expect(unit_lines.first).to_contain_text("2027年3月1日")
    expect(unit_lines.nth(3)).to_contain_text("2027年3月22日")
    expect(page.locator("main")).not_to_contain_text("三月")
    expect(page.locator(".course-time")).to_contain_text("整门课程的阅读量")
    expect(unit_section(page, "4. Family, parenting and grandparenting").locator("li.reading").first).to_contain_text(
        "复制引文"
    )
    screenshot(page, f"course-chinese-{device}")
    assert serious_accessibility_violations(page) == []

    page.goto("/")
    expect(page.locator(".byline")).to_contain_text("发表于 2024年5月26日")
    expect(page.get_by_role("link", name="家庭、亲子与隔代抚养", exact=True)).to_be_visible()
    page.goto("/references/")
    expect(page.locator("#id_theme option", has_text="心理与心理健康")).to_have_count(1)
    expect(page.locator("a.tag", has_text="心理与心理健康").first).to_be_visible()
    assert serious_accessibility_violations(page) == []
    problems.assert_none()


@pytest.mark.parametrize("device", DEVICES)
def test_the_home_pages_chart_labels_are_at_least_12_px(device, new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**DEVICES[device]))
    page.goto("/")
    charts = page.locator(".charts")
    charts.scroll_into_view_if_needed()
    sizes = page.evaluate(
        """() => [...document.querySelectorAll(".chart svg text")].map(text => {
            const svg = text.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return parseFloat(getComputedStyle(text).fontSize) * scale;
        })"""
    )
    assert len(sizes) > 20 and min(sizes) >= 12, sorted(sizes)[:5]
    charts.screenshot(path=SCREENSHOTS / f"home-charts-{device}.png")
    problems.assert_none()


def test_the_phone_header_is_compact(new_page, demo, problems, screenshot):
    page = problems.watch(new_page(**PHONE))
    for url in ["/", COURSE_URL, "/references/"]:
        page.goto(url)
        height = page.locator("header.site-header").evaluate("header => header.getBoundingClientRect().height")
        assert height <= PHONE_HEADER_MAX, f"{url}: the header is {height} px tall"
        for link in ["Article", "Library", "Courses", "Instructors"]:
            expect(page.locator("header.site-header").get_by_role("link", name=link, exact=True)).to_be_visible()
    screenshot(page, "phone-header-after", full_page=False)
    problems.assert_none()


@pytest.mark.parametrize("device", DEVICES)
def test_a_missing_page_is_our_own_page(device, new_page, demo, screenshot):
    page = new_page(**DEVICES[device])
    response = page.goto("/no-such-page/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Search the library")).to_be_visible()
    assert serious_accessibility_violations(page) == []
    screenshot(page, f"error-404-{device}", full_page=False)


def test_the_permalink_leads_to_the_reading(new_page, demo, problems):
    page = problems.watch(new_page(**PHONE))
    page.goto(COURSE_URL)
    reading = unit_section(page, UNIT).locator("li.reading").nth(2)
    reading.get_by_role("link", name="Permalink").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(COURSE_URL)}#reading-\d+$"))
    expect(reading).to_be_in_viewport()
    reading.get_by_role("link", name="About this work").click()
    expect(page).to_have_url(re.compile(r"/references/[\w-]+/$"))
    problems.assert_none()
