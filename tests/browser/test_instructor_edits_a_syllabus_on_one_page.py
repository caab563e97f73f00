"""In a real browser, an instructor builds a course in the syllabus editor: finds references by search and by
theme, adds four readings to two units, drags a reading to the other unit and a unit above the other, edits a
reading in place, watches the load and theme coverage change, removes a reading, publishes, and the public
page shows the result. The same journey with the keyboard only; and a stale edit from a second tab is refused.
The editor passes axe-core (no serious or critical violation) and is photographed at 1280, 768 and 375 px."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from courses.models import Course, ReadingItem, Unit
from literature.models import Citation
from tests.browser.conftest import DESKTOP, BrowserProblems
from tests.browser.test_instructor_builds_a_syllabus_in_a_browser import log_in
from tests.browser.test_student_journeys_in_a_browser import serious_accessibility_violations

pytestmark = pytest.mark.browser

TABLET = {"viewport": {"width": 768, "height": 1024}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def course(seeded, instructor) -> Course:
    course = Course.objects.create(
        code="SOC 2150", title="Growing Up Left Behind", slug="growing-up", term="Spring 2027"
    )
    course.instructors.set([instructor])
    Unit.objects.create(course=course, position=1, title="Who is left behind?")
    Unit.objects.create(course=course, position=2, title="Families")
    return course


def number(n: int) -> re.Pattern:
    return re.compile(rf"^\[{n}\]$")


def reading(page: Page, n: int) -> Locator:
    return page.locator("li.reading").filter(has=page.locator(".number", has_text=number(n)))


def result(page: Page, n: int) -> Locator:
    return page.locator("li.result").filter(has=page.locator(".number", has_text=number(n)))


def unit(page: Page, index: int) -> Locator:
    return page.locator("li.unit").nth(index)


def unit_numbers(page: Page, index: int) -> Locator:
    return unit(page, index).locator("li.reading .number")


def saved_outline(course) -> list[tuple[str, list[int]]]:
    numbers = dict(Citation.objects.values_list("reference_id", "number"))
    return [
        (u.title, [numbers[i.reference_id] for i in ReadingItem.objects.filter(unit=u).order_by("position")])
        for u in Unit.objects.filter(course=course).order_by("position")
    ]


def drag(page: Page, handle: Locator, target: Locator, *, landed: str, at: float = 1 / 3) -> None:
    """Drag by the handle to the target at a hand's pace until `landed` (a JS predicate on the document) holds."""
    # Both ends must be inside the window: bring the handle near the top.
    handle.evaluate("element => window.scrollBy(0, element.getBoundingClientRect().top - 120)")
    start, end = handle.bounding_box(), target.bounding_box()
    x0, y0 = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + 12, end["y"] + end["height"] * at
    page.mouse.move(x0, y0)
    page.mouse.down()
    for step in range(1, 31):
        page.mouse.move(x0 + (x1 - x0) * step / 30, y0 + (y1 - y0) * step / 30)
        page.wait_for_timeout(16)
    for wiggle in range(40):
        if page.evaluate(landed):
            break
        page.mouse.move(x1, y1 + (wiggle % 3 - 1) * 6)
        page.wait_for_timeout(50)
    page.mouse.up()


# A JS function: the article numbers of a unit's readings as the page shows them now (the drag's ghost left out).
NUMBERS_IN_UNIT = (
    "(n => Array.from(document.querySelectorAll('li.unit')[n].querySelectorAll('li.reading:not(.sortable-fallback) "
    ".number'), e => e.textContent).join())"
)


def expect_saved(page: Page, text: str) -> None:
    expect(page.locator(".editor-messages")).to_contain_text(text)


def check_accessibility(page: Page) -> None:
    assert serious_accessibility_violations(page) == []


def test_an_instructor_builds_a_syllabus_with_the_mouse(page, new_page, course, screenshot):
    problems = BrowserProblems()
    problems.watch(page)
    log_in(page, "ada")
    page.goto("/admin/courses/course/")
    page.locator("#result_list").get_by_role("link", name="Edit syllabus").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Syllabus: SOC 2150 Growing Up Left Behind")
    expect(page.locator(".coverage.covered")).to_contain_text("none yet")

    # Search, then add to unit 1 with one click (the first unit is chosen already).
    page.locator("#find-q").fill("self-injury")
    expect(page.locator(".results-count")).to_have_text("1 reference")
    result(page, 24).get_by_role("button", name="Add").click()
    expect_saved(page, "Added")
    expect(unit_numbers(page, 0)).to_have_text(["[24]"])
    expect(result(page, 24).locator(".placed")).to_have_text("Already in unit 1")
    page.locator("#find-q").fill("concept of urban")
    result(page, 5).get_by_role("button", name="Add").click()
    expect(unit_numbers(page, 0)).to_have_text(["[24]", "[5]"])

    # Filter by theme, then add two readings to unit 2.
    page.locator("#find-q").fill("")
    page.locator("#find-theme").select_option(label="Family, parenting and grandparenting")
    with page.expect_response(lambda response: "unused=on" in response.url):
        page.locator("#find-unused").check()
    # Every search the typing and the filters started has answered: no late answer re-renders the results
    # (and their unit choices) under the clicks below.
    page.wait_for_load_state("networkidle")
    expect(page.locator(".results-count")).to_have_text("10 references")
    for n in (27, 28):
        result(page, n).locator("select[name=unit]").select_option(label="2. Families")
        result(page, n).get_by_role("button", name="Add").click()
        expect(reading(page, n)).to_have_count(1)
    expect(unit_numbers(page, 1)).to_have_text(["[27]", "[28]"])
    assert saved_outline(course) == [("Who is left behind?", [24, 5]), ("Families", [27, 28])]
    covered = page.locator(".coverage.covered")
    expect(covered).to_contain_text("Family, parenting and grandparenting")
    expect(covered).to_contain_text("Definitions, statistics and policy")

    # Drag reading [5] into unit 2, between [27] and [28].
    drag(page, reading(page, 5).locator(".reading-handle"), reading(page, 27), at=0.8,
         landed=f"{NUMBERS_IN_UNIT}(1) === '[27],[5],[28]'")  # fmt: skip
    expect(unit_numbers(page, 1)).to_have_text(["[27]", "[5]", "[28]"])
    expect_saved(page, "Moved")
    assert saved_outline(course)[1] == ("Families", [27, 5, 28])

    # Drag unit 2 above unit 1.
    drag(page, unit(page, 1).locator(".unit-handle"), unit(page, 0).locator(".unit-head"),
         landed="document.querySelector('li.unit .unit-title').textContent.includes('Families')")  # fmt: skip
    expect(page.locator("li.unit .unit-title")).to_have_text(["1. Families", "2. Who is left behind?"])
    expect_saved(page, "Moved the unit")
    assert [title for title, _ in saved_outline(course)] == ["Families", "Who is left behind?"]

    # Edit [27] in place: no longer required, with a note. The unit's required time drops.
    required = unit(page, 0).locator(".required-minutes")
    before = required.text_content()
    reading(page, 27).get_by_text("Edit", exact=True).click()
    reading(page, 27).get_by_label("Importance").select_option(label="Recommended")
    reading(page, 27).get_by_label("Note").fill("Compare grandparents' and parents' care.")
    reading(page, 27).get_by_role("button", name="Save reading").click()
    expect(reading(page, 27).locator(".importance")).to_have_text("Recommended")
    expect(reading(page, 27).locator(".note-preview")).to_have_text("Compare grandparents' and parents' care.")
    expect(required).not_to_have_text(before)
    screenshot(page, "syllabus-editor-1280")
    check_accessibility(page)

    # A bad value is refused beside its field.
    reading(page, 28).get_by_text("Edit", exact=True).click()
    reading(page, 28).get_by_label("Pages").fill("30-12")
    reading(page, 28).get_by_role("button", name="Save reading").click()
    expect(reading(page, 28).locator(".errorlist")).to_have_text("The range 30-12 ends before it starts.")
    problems.problems = [p for p in problems.problems if "edit-reading/" not in p or "422" not in p]  # expected

    # Remove [24], after confirming; "Definitions" is then covered only by [5].
    reading(page, 24).get_by_text("Remove…").click()
    reading(page, 24).get_by_role("button", name="Yes, remove this reading").click()
    expect(reading(page, 24)).to_have_count(0)
    expect(page.locator(".coverage.missing")).not_to_contain_text("Definitions")

    # Publish, and the public page matches.
    page.locator("#course-publish").click()
    expect(page.locator(".course-status")).to_have_text("Published")
    visitor = problems.watch(new_page(**DESKTOP))
    visitor.goto("/courses/growing-up/")
    expect(visitor.locator("section.unit h2")).to_have_text(["1. Families", "2. Who is left behind?"])
    expect(visitor.locator("section.unit").first.locator("li.reading .importance")).to_have_text(
        ["Recommended", "Required", "Required"]
    )
    expect(visitor.locator("section.unit").first).to_contain_text("Compare grandparents")
    expect(visitor.locator("section.unit").nth(1).locator("li.reading")).to_have_count(0)
    assert saved_outline(course) == [("Families", [27, 5, 28]), ("Who is left behind?", [])]
    problems.assert_none()


def press(locator: Locator, key: str = "Enter") -> None:
    locator.focus()
    locator.press(key)


def test_the_same_journey_with_the_keyboard_only(page, new_page, course, screenshot):
    problems = BrowserProblems()
    problems.watch(page)
    log_in(page, "ada")
    page.goto(f"/admin/courses/course/{course.pk}/syllabus/")

    # Search by typing, add with Enter.
    page.locator("#find-q").focus()
    page.keyboard.type("self-injury")
    expect(page.locator(".results-count")).to_have_text("1 reference")
    press(result(page, 24).get_by_role("button", name="Add"))
    expect(unit_numbers(page, 0)).to_have_text(["[24]"])
    page.locator("#find-q").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("concept of urban")
    press(result(page, 5).get_by_role("button", name="Add"))
    expect(unit_numbers(page, 0)).to_have_text(["[24]", "[5]"])

    # Theme filter by keyboard; choose unit 2 in the result's select by typing "2".
    page.locator("#find-q").focus()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.locator("#find-theme").focus()
    page.keyboard.type("Family")
    expect(page.locator(".results-count")).to_have_text("10 references")
    for n in (27, 28):
        result(page, n).locator("select[name=unit]").focus()
        page.keyboard.type("2")
        press(result(page, n).get_by_role("button", name="Add"))
        expect(reading(page, n)).to_have_count(1)
    expect(unit_numbers(page, 1)).to_have_text(["[27]", "[28]"])

    # Move [5] to unit 2 with "Move to", then up above [28]; focus stays on the button pressed.
    reading(page, 5).get_by_label("Move to").focus()
    page.keyboard.type("2")
    press(reading(page, 5).get_by_role("button", name="Move", exact=True))
    expect(unit_numbers(page, 1)).to_have_text(["[27]", "[28]", "[5]"])
    press(reading(page, 5).get_by_role("button", name="Up", exact=True))
    expect(unit_numbers(page, 1)).to_have_text(["[27]", "[5]", "[28]"])
    expect(reading(page, 5).get_by_role("button", name="Up", exact=True)).to_be_focused()

    # Unit 2 moves up.
    press(unit(page, 1).get_by_role("button", name="Move unit up"))
    expect(page.locator("li.unit .unit-title")).to_have_text(["1. Families", "2. Who is left behind?"])

    # Edit [27] in place.
    press(reading(page, 27).locator("summary", has_text="Edit"))
    reading(page, 27).get_by_label("Importance").focus()
    page.keyboard.type("Rec")
    reading(page, 27).get_by_label("Note").focus()
    page.keyboard.type("Compare grandparents' and parents' care.")
    press(reading(page, 27).get_by_role("button", name="Save reading"))
    expect(reading(page, 27).locator(".importance")).to_have_text("Recommended")

    # Remove [24] after confirming.
    press(reading(page, 24).locator("summary", has_text="Remove"))
    press(reading(page, 24).get_by_role("button", name="Yes, remove this reading"))
    expect(reading(page, 24)).to_have_count(0)

    # Rename unit 2 and give it a date.
    press(unit(page, 1).locator("summary", has_text="Rename"))
    unit(page, 1).get_by_label("Title").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("Who is left behind, and where?")
    press(unit(page, 1).get_by_role("button", name="Save unit"))
    expect(unit(page, 1).locator(".unit-title")).to_have_text("2. Who is left behind, and where?")

    press(page.locator("#course-publish"))
    expect(page.locator(".course-status")).to_have_text("Published")
    assert saved_outline(course) == [("Families", [27, 5, 28]), ("Who is left behind, and where?", [])]
    visitor = problems.watch(new_page(**DESKTOP))
    visitor.goto("/courses/growing-up/")
    expect(visitor.locator("section.unit h2")).to_have_text(["1. Families", "2. Who is left behind, and where?"])
    problems.assert_none()


def test_a_stale_edit_from_a_second_tab_is_refused(new_page, course, instructor):
    first_unit = course.units.first()
    item = ReadingItem.objects.create(unit=first_unit, reference=Citation.objects.get(number=27).reference, position=1)
    problems = BrowserProblems()
    tabs = []
    for _ in range(2):
        tab = problems.watch(new_page(**DESKTOP))
        log_in(tab, "ada")
        tab.goto(f"/admin/courses/course/{course.pk}/syllabus/")
        tabs.append(tab)
    first, second = tabs
    for tab, note in ((first, "Mine, saved first."), (second, "Theirs, from an old page.")):
        reading(tab, 27).get_by_text("Edit", exact=True).click()
        reading(tab, 27).get_by_label("Note").fill(note)
    reading(first, 27).get_by_role("button", name="Save reading").click()
    expect(reading(first, 27).locator(".note-preview")).to_have_text("Mine, saved first.")
    reading(second, 27).get_by_role("button", name="Save reading").click()
    expect(reading(second, 27).locator(".errornote")).to_contain_text("Someone else changed this reading")
    expect(reading(second, 27).locator(".note-preview")).to_have_text("Mine, saved first.")  # the current version
    item.refresh_from_db()
    assert item.note == "Mine, saved first."
    # The refusal is the only problem: an HTTP 409 (and the console's note of it).
    assert problems.problems and all("409" in problem for problem in problems.problems), problems.problems


def test_the_editor_at_768_and_375_px(new_page, course, screenshot):
    ReadingItem.objects.create(unit=course.units.first(), reference=Citation.objects.get(number=27).reference)
    for name, options in (("768", TABLET), ("375", PHONE)):
        page = new_page(**options)
        problems = BrowserProblems()
        problems.watch(page)
        log_in(page, "ada")
        page.goto(f"/admin/courses/course/{course.pk}/syllabus/")
        expect(reading(page, 27)).to_be_visible()
        width = page.evaluate("document.querySelector('#syllabus-editor').getBoundingClientRect().right")
        assert width <= options["viewport"]["width"], f"the editor overflows at {name} px"
        screenshot(page, f"syllabus-editor-{name}")
        check_accessibility(page)
        problems.assert_none()
