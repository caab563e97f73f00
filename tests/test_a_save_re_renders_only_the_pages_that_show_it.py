"""Cache what changed, not everything: each page is cached under the content versions of what it shows (the
library, one course), so editing one course leaves other courses, the library and the home page cached, while
the edited course shows the change at once. Exports are cached the same way."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import markdown, services
from courses.models import Course, ReadingItem, Unit
from literature.models import Reference

LIBRARY_PAGES = ["/", "/references/", "/themes/family-parenting/", "/references/?q=children"]


@pytest.fixture
def courses(make_course, instructor):
    return {
        slug: make_course(instructor, slug=slug, status=Course.Status.PUBLISHED, units=((1, 2), (3,)))
        for slug in ("first", "second")
    }


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def warm(client, urls) -> dict[str, int]:
    for url in urls:
        client.get(url)
    return {url: queries(client, url) for url in urls}


def rename_a_unit_of_the_first_course(**_):
    unit = Unit.objects.get(course__slug="first", position=1)
    unit.title = "Grandparents as carers"
    unit.save()


def note_a_reading_of_the_first_course(**_):
    item = ReadingItem.objects.filter(unit__course__slug="first").first()
    item.note = "Grandparents as carers"
    item.save()


def retitle_the_first_course(**_):
    course = Course.objects.get(slug="first")
    course.title = "Grandparents as carers"
    course.save()


@pytest.mark.parametrize(
    "edit", [rename_a_unit_of_the_first_course, note_a_reading_of_the_first_course, retitle_the_first_course]
)
def test_editing_one_course_leaves_the_other_course_and_the_library_cached(client, courses, edit):
    others = ["/courses/second/", "/courses/second/export.txt", *LIBRARY_PAGES]
    before = warm(client, ["/courses/first/", *others])
    edit()
    assert "Grandparents as carers" in client.get("/courses/first/").content.decode()
    assert {url: queries(client, url) for url in others} == {url: before[url] for url in others}


def test_editing_a_reference_re_renders_the_pages_that_show_it(client, courses):
    warm(client, ["/courses/first/", "/references/", "/"])
    reference = Reference.objects.get(key="mao2023analysis")  # number 1, read in both courses
    reference.title = "Emotions of children whose parents migrated"
    reference.save()
    for url in ["/courses/first/", "/courses/second/export.txt", "/references/", "/"]:
        assert "Emotions of children whose parents migrated" in client.get(url).content.decode(), url


def test_an_export_is_made_once_and_then_served_from_the_cache(client, courses):
    url = "/courses/first/export.txt"
    client.get(url)
    assert queries(client, url) <= 3  # the course, its instructors and the content version
    rename_a_unit_of_the_first_course()
    ReadingItem.objects.filter(unit__course__slug="first").delete()
    assert "Mao" not in client.get(url).content.decode()


def test_markdown_notes_share_one_converter(client, courses, monkeypatch):
    built = []
    original = markdown.markdown_lib.Markdown
    monkeypatch.setattr(markdown, "_local", type(markdown._local)())  # a fresh thread-local: nothing built yet
    monkeypatch.setattr(markdown.markdown_lib, "Markdown", lambda *a, **k: built.append(1) or original(*a, **k))
    for number, item in enumerate(ReadingItem.objects.all()):
        item.note = f"Read *section {number}* first."
        item.save()
    page = client.get("/courses/first/").content.decode()
    assert "<em>section 0</em>" in page or "<em>section 1</em>" in page
    assert len(built) == 1


@pytest.mark.parametrize("move", ["units", "a reading", "remove a reading"])
def test_reordering_one_course_leaves_the_other_course_and_the_library_cached(client, courses, move):
    others = ["/courses/second/", "/courses/second/export.txt", *LIBRARY_PAGES]
    before = warm(client, ["/courses/first/", *others])
    first = Course.objects.get(slug="first")
    units = list(first.units.order_by("position"))
    item = units[0].items.order_by("position").first()
    if move == "units":
        services.units_reorder(course=first, unit_ids=[unit.pk for unit in reversed(units)])
    elif move == "a reading":
        services.reading_move(item=item, unit=units[1], position=1)
    else:
        services.reading_remove(item=item)
    shown = client.get("/courses/first/").content.decode()
    if move == "units":
        assert shown.index(units[1].title) < shown.index(units[0].title)
    else:
        assert f'id="reading-{item.pk}"' not in shown.split(f'id="unit-{units[1].pk}"')[0]
    assert {url: queries(client, url) for url in others} == {url: before[url] for url in others}
