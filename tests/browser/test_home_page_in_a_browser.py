"""In a real browser, the home page shows the article, its 51 references and theme links that lead to them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = "Left-behind Children in Chinese Urban Areas"


def test_a_reader_sees_the_article_and_its_51_references(page, seeded, screenshot):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    references = page.locator("ol.references > li")
    expect(references).to_have_count(51)
    assert references.evaluate_all("items => items.map(item => item.id)") == [f"ref-{n}" for n in range(1, 52)]
    for reference in references.all():
        expect(reference).to_be_visible()

    screenshot(page, "home-desktop")


def test_a_theme_reference_number_leads_to_the_reference(page, seeded):
    page.goto("/")
    reference = page.locator("#ref-27")
    expect(reference).not_to_be_in_viewport()

    themes = page.get_by_role("region", name="Themes")
    themes.locator('a[href="#ref-27"]').first.click()

    expect(page).to_have_url(re.compile(r"/#ref-27$"))
    assert page.evaluate("location.hash") == "#ref-27"
    expect(reference).to_be_in_viewport()


def test_on_a_phone_the_page_fits_the_screen_width(phone_page, seeded, screenshot):
    phone_page.goto("/")

    expect(phone_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The layout viewport is the phone's width (the page declares width=device-width)...
    assert phone_page.evaluate("window.innerWidth") == 375
    # ...and nothing is wider than it, so nobody has to scroll sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375

    screenshot(phone_page, "home-phone")
