"""In a real browser at a phone's 375 px and a laptop's 1280 px: no public page scrolls sideways (the document's
scrollWidth is at most the viewport's width) — the home page, every library page, every theme, every reference
page (the longest CNKI links among them), the course list and the demo course; a link the audit finds malformed is
marked "(link may be broken)" beside the working alternatives; axe-core finds no serious or critical problem in
the new parts; the course page is photographed (artifacts/screenshots/links-course-phone.png). The LTI embed is
not public (it needs a launch) and has its own tests."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from courses.models import Course
from literature.models import Citation, Reference, Theme
from tests.browser.conftest import DESKTOP, PHONE, BrowserProblems
from tests.browser.test_student_journeys_in_a_browser import serious_accessibility_violations

pytestmark = pytest.mark.browser

COURSE_URL = "/courses/urban-left-behind-children/"
MALFORMED = 31  # a CNKI link that lost its "&" separators, read in the demo course's unit 5


@pytest.fixture
def demo(transactional_db, seeded) -> Course:
    call_command("load_demo", verbosity=0)
    return Course.objects.get(slug="urban-left-behind-children")


def every_public_page() -> list[str]:
    references = Reference.objects.order_by("first_number", "key").values_list("key", flat=True)
    pages = (Reference.objects.count() + 24) // 25
    return [
        "/",
        *(f"/references/?page={number}" for number in range(1, pages + 1)),
        *(f"/themes/{slug}/" for slug in Theme.objects.values_list("slug", flat=True)),
        *(f"/references/{key}/" for key in references),
        "/courses/",
        COURSE_URL,
        f"{COURSE_URL}?style=apa",
        "/?style=china-national-standard-gb-t-7714-2015-numeric",
    ]


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_no_public_page_is_wider_than_the_screen(device, new_page, demo, screenshot):
    problems = BrowserProblems()
    page = problems.watch(new_page(**(PHONE if device == "phone" else DESKTOP)))
    width = page.viewport_size["width"]
    urls = every_public_page()
    assert len(urls) > 60
    widths = {}
    for url in urls:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        widths[url] = page.evaluate("document.documentElement.scrollWidth")
        if url == COURSE_URL:
            screenshot(page, f"links-course-{device}")
    too_wide = {url: scroll_width for url, scroll_width in widths.items() if scroll_width > width}
    assert too_wide == {}, f"pages wider than the {width}px screen"
    problems.assert_none()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_malformed_link_is_marked_beside_the_working_alternatives(device, new_page, demo):
    problems = BrowserProblems()
    page = problems.watch(new_page(**(PHONE if device == "phone" else DESKTOP)))
    malformed = Citation.objects.get(number=MALFORMED).reference
    page.goto(COURSE_URL)
    reading = page.locator("li.reading").filter(has_text=malformed.title)
    expect(reading.locator(".find-it .link-state")).to_have_text("(link may be broken)")
    expect(reading.locator(".find-it a.source-link.link-broken")).to_have_attribute("href", malformed.url)
    expect(reading.locator(".find-it").get_by_role("link", name="Google Scholar")).to_be_visible()
    # The citation shows the address short, linked in full.
    cited = reading.locator(".citation a.cited-link").first
    expect(cited).to_have_text("kns.cnki.net/kcms2/article/abstract…")
    expect(cited).to_have_attribute("href", malformed.url)
    # A working link is not marked.
    working = page.locator("li.reading").filter(has_text=Citation.objects.get(number=1).reference.title)
    expect(working.locator(".link-state")).to_have_count(0)
    expect(page.locator(".find-it .link-state")).to_have_count(2)  # the demo course reads two of the six
    # The same on the reference's own page.
    page.goto(f"/references/{malformed.key}/")
    expect(page.locator(".find-it-block .link-state")).to_have_text("(link may be broken)")
    report = []
    for url in (COURSE_URL, f"/references/{malformed.key}/", "/references/?page=2", "/"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        report += serious_accessibility_violations(page)
    assert report == [], "axe-core found serious or critical accessibility violations:\n" + "\n".join(report)
    problems.assert_none()
