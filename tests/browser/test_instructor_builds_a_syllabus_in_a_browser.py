"""In a real browser, an instructor builds a syllabus in the admin and publishes it; visitors then read it.

The journey goes through the same screens a person uses: the login form, the course form (whose slug
the admin's JavaScript fills in from the title), the units inline, the unit page with its reference
picker (select2 autocomplete), the drag handles of the sortable readings inline (SortableJS), the
changelist's "Publish" action, and the public course page seen by an anonymous visitor.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from courses.models import Course, ReadingItem
from literature.models import Citation
from tests.browser.conftest import DESKTOP, BrowserProblems
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CODE = "SOC 2150"
TITLE = "Growing Up Left Behind in Urban China"
SLUG = "growing-up-left-behind-in-urban-china"
TERM = "Spring 2027"
UNITS = [("Week 1: Who is left behind?", "2027-03-01"), ("Week 2: Grandparents and schools", "2027-03-08")]

# Search term typed into the reference picker, words of the suggestion to pick, the article's reference number.
READINGS = [
    ("Ruan", "non-suicidal self-injury", 24),
    ("grandparenting", "grandparent-grandchild attachment bond", 27),
    # A number finds the article's reference 37, but also references with "37" in a DOI or a link.
    ("37", "Regional Blue Book", 37),
]


def log_in(page: Page, username: str) -> None:
    page.goto("/admin/login/")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.get_by_label("Username").press_sequentially(username)
    page.get_by_label("Password").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#user-tools")).to_contain_text("Welcome,")


def save_and_continue(page: Page) -> None:
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_contain_text("You may edit it again below.")


def pick_reference(row: Locator, search: str, words: str) -> None:
    """Open the row's select2 reference picker, type like a person, and click the matching suggestion."""
    page = row.page
    row.locator("td.field-reference .select2-selection").click()
    search_box = page.locator(".select2-container--open .select2-search__field")
    expect(search_box).to_be_focused()
    search_box.press_sequentially(search, delay=30)
    suggestion = page.locator(".select2-container--open .select2-results__option", has_text=words)
    expect(suggestion).to_have_count(1)
    suggestion.click()
    expect(page.locator(".select2-container--open")).to_have_count(0)
    expect(row.locator("td.field-reference .select2-selection__rendered")).to_contain_text(words)


def drag_row_above(page: Page, handle: Locator, target: Locator) -> None:
    """Drag a row by its handle above the target row, at a hand's pace, then let go.

    SortableJS ignores the pointer while rows slide into their new places (a 150 ms animation), so
    the pointer travels at about 60 moves a second and rests on the target, wiggling as a hand does,
    until the dragged row has moved there; only then is the button released.
    """
    handle.scroll_into_view_if_needed()
    start, end = handle.bounding_box(), target.bounding_box()
    assert start and end
    x0, y0 = start["x"] + 8, start["y"] + start["height"] / 2
    x1, y1 = end["x"] + 8, end["y"] + end["height"] / 3
    landed = "([row, target]) => row.closest('tr').nextElementSibling === target.closest('tr')"
    row, target_row = handle.element_handle(), target.element_handle()
    page.mouse.move(x0, y0)
    page.mouse.down()
    steps = 30
    for step in range(1, steps + 1):
        page.mouse.move(x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps)
        page.wait_for_timeout(16)
    for wiggle in range(40):
        if page.evaluate(landed, [row, target_row]):
            break
        page.mouse.move(x1, y1 + wiggle % 2)
        page.wait_for_timeout(50)
    page.mouse.up()


def values(fields: Locator, count: int) -> list[str]:
    """The current values of `count` form fields, in page order."""
    expect(fields).to_have_count(count)
    return fields.evaluate_all("fields => fields.map(field => field.value)")


def saved_reading_rows(page: Page) -> Locator:
    return page.locator("#items-group tr.form-row.has_original")


def test_an_instructor_builds_reorders_and_publishes_a_syllabus(page, new_page, seeded, instructor, screenshot):
    problems = BrowserProblems()
    problems.watch(page)
    references = {number: Citation.objects.get(number=number).reference for _, _, number in READINGS}

    # 1. Log in through the form.
    log_in(page, "ada")
    expect(page.locator("#user-tools")).to_contain_text("Ada")

    # 2. A new course: the admin's JavaScript makes the slug from the title as it is typed.
    page.goto("/admin/courses/course/add/")
    page.get_by_label("Code").fill(CODE)
    page.get_by_label("Title").press_sequentially(TITLE)
    expect(page.get_by_label("Slug")).to_have_value(SLUG)
    page.get_by_label("Term").fill(TERM)
    page.get_by_label("Start date").fill("2027-03-01")
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    course = Course.objects.get(slug=SLUG)
    assert (course.code, course.title, course.term, course.status) == (CODE, TITLE, TERM, Course.Status.DRAFT)
    assert list(course.instructors.all()) == [instructor]

    # ...and two units in its units inline.
    add_unit = page.get_by_role("button", name="Add another Unit")
    for n, (title, date) in enumerate(UNITS):
        add_unit.click()
        page.locator(f"#id_units-{n}-title").fill(title)
        page.locator(f"#id_units-{n}-date").fill(date)
    save_and_continue(page)
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    unit_rows = page.locator("#units-group tr.form-row.has_original")
    assert values(unit_rows.locator("td.field-title input"), 2) == [title for title, _ in UNITS]
    assert [unit.title for unit in course.units.all()] == [title for title, _ in UNITS]
    first_unit = course.units.first()
    problems.assert_none()

    # 3. The first unit's readings, picked with the autocomplete, one of them "further reading".
    unit_rows.first.get_by_role("link", name="0 reading(s): edit").click()
    expect(page).to_have_url(re.compile(rf"/admin/courses/unit/{first_unit.pk}/change/$"))
    expect(page.locator("#id_title")).to_have_value(UNITS[0][0])
    add_reading = page.get_by_role("button", name="Add another Reading item")
    for n, (search, words, _) in enumerate(READINGS):
        add_reading.click()
        pick_reference(page.locator(f"#items-{n}"), search, words)
    page.locator("#id_items-1-importance").select_option(label="Further reading")
    page.locator("#id_items-2-pages").fill("1-12")
    save_and_continue(page)

    rows = saved_reading_rows(page)
    expect(rows.locator("td.field-reference .select2-selection__rendered")).to_have_text(
        [re.compile(re.escape(words)) for _, words, _ in READINGS]
    )
    assert values(rows.locator("td.field-importance select"), 3) == ["required", "further", "required"]
    assert values(rows.locator("td.field-pages input"), 3) == ["", "", "1-12"]
    assert [item.reference for item in first_unit.items.all()] == [references[n] for _, _, n in READINGS]

    # 4. Drag the last reading by its handle above the first one, then save.
    drag_row_above(page, rows.nth(2).locator("td.original p"), rows.nth(0).locator("td.original p"))
    expect(rows.locator("td.field-reference .select2-selection__rendered")).to_have_text(
        [re.compile(re.escape(READINGS[i][1])) for i in (2, 0, 1)]
    )
    assert values(rows.locator("input._reorder_"), 3) == ["1", "2", "3"]
    save_and_continue(page)

    new_order = [READINGS[i] for i in (2, 0, 1)]
    expect(rows.locator("td.field-reference .select2-selection__rendered")).to_have_text(
        [re.compile(re.escape(words)) for _, words, _ in new_order]
    )
    assert values(rows.locator("td.field-importance select"), 3) == ["required", "required", "further"]
    items = list(ReadingItem.objects.filter(unit=first_unit).order_by("position", "pk"))
    assert [item.reference for item in items] == [references[n] for _, _, n in new_order]
    assert [item.position for item in items] == [1, 2, 3]
    screenshot(page, "unit-admin")
    # At 1280 px the readings table fits the content column beside the sidebar, its delete boxes included.
    column = page.locator("#items-group").bounding_box()
    for cell in [page.locator("#items-group thead th").last, rows.first.locator("td.delete input")]:
        box = cell.bounding_box()
        assert box["x"] + box["width"] <= column["x"] + column["width"]
    problems.assert_none()

    # The course page now counts the unit's readings.
    page.goto(f"/admin/courses/course/{course.pk}/change/")
    expect(unit_rows.locator("td.field-readings")).to_have_text(["3 reading(s): edit", "0 reading(s): edit"])
    expect(page.locator("table.reading-load tbody tr")).to_have_count(2)
    screenshot(page, "course-admin")

    # A visitor (a browser without the instructor's session) does not see the draft yet.
    visitor = problems.watch(new_page(**DESKTOP))
    visitor.goto("/courses/")
    expect(visitor.locator("main")).to_contain_text("No course is published yet.")

    # 5. Publish it from the course list.
    page.goto("/admin/courses/course/")
    row = page.locator("#result_list tbody tr", has_text=TITLE)
    expect(row.locator("td.field-status")).to_have_text("Draft")
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(label="Publish selected courses")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist .success")).to_have_text("1 course now published.")
    expect(row.locator("td.field-status")).to_have_text("Published")
    course.refresh_from_db()
    assert course.status == Course.Status.PUBLISHED
    problems.assert_none()

    # 6. The visitor now finds it and reads the units and readings in the new order.
    visitor.reload()
    expect(visitor.get_by_role("heading", name=TERM)).to_be_visible()
    visitor.get_by_role("link", name=f"{CODE} · {TITLE}").click()
    expect(visitor).to_have_url(re.compile(rf"/courses/{SLUG}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator(".banner")).to_have_count(0)  # not a preview
    expect(visitor.locator(".byline")).to_have_text("Ada Lin")
    expect(visitor.locator("section.unit h2")).to_have_text([f"{n}. {title}" for n, (title, _) in enumerate(UNITS, 1)])
    readings = visitor.locator("section.unit").first.locator("li.reading")
    expect(readings.locator(".citation")).to_have_text([re.compile(re.escape(words)) for _, words, _ in new_order])
    expect(readings.locator(".importance")).to_have_text(["Required", "Required", "Further reading"])
    expect(readings.first.locator(".meta")).to_contain_text("pp. 1-12")
    expect(visitor.locator("section.unit").nth(1).locator("li.reading")).to_have_count(0)
    screenshot(visitor, "public-course")

    problems.assert_none()


def test_another_instructor_neither_sees_nor_opens_the_course(page, instructor, other_instructor):
    # Published, so anyone may read it; still only its instructors may edit it.
    course = Course.objects.create(code=CODE, title=TITLE, slug=SLUG, term=TERM, status=Course.Status.PUBLISHED)
    course.instructors.set([instructor])

    log_in(page, "bo")
    page.goto("/admin/courses/course/")
    expect(page.locator("#content h1")).to_have_text("Select course to change")
    expect(page.locator("#changelist")).to_contain_text("0 courses")
    expect(page.locator("body")).not_to_contain_text(TITLE)

    response = page.goto(f"/admin/courses/course/{course.pk}/change/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Not Found")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(TITLE)
