"""A reading's pages say "p. 4" for one page and "pp. 12-30" for more, on the course page, in the syllabus editor
and in the Common Cartridge (the citation styles already do so themselves)."""

import pytest
from django.utils import translation

from courses.models import Course, ReadingItem


@pytest.mark.parametrize(
    ("pages", "locator"),
    [("4", "p. 4"), (" 4 ", "p. 4"), ("4-5", "pp. 4-5"), ("12–30", "pp. 12–30"), ("12-15, 20-22", "pp. 12-15, 20-22")],
)
def test_one_page_is_p_and_more_are_pp(pages, locator):
    with translation.override("en"):
        assert ReadingItem(pages=pages).page_locator() == locator


def test_no_pages_say_nothing():
    assert ReadingItem(pages="").page_locator() == ""


def test_in_chinese_one_page_and_more_are_both_di_ye():
    with translation.override("zh-hans"):
        assert ReadingItem(pages="4").page_locator() == "第 4 页"
        assert ReadingItem(pages="4-5").page_locator() == "第 4-5 页"


def test_the_course_page_and_the_syllabus_editor_say_p_for_one_page(client, client_for, make_course, instructor):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5,),))
    ReadingItem.objects.update(pages="4")
    assert "p. 4 ·" in client.get("/courses/live/").content.decode()
    editor = client_for(instructor).get(f"/admin/courses/course/{course.pk}/syllabus/").content.decode()
    assert " · p. 4 · " in editor and "pp. 4" not in editor


def test_in_chinese_a_page_is_di_ye(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5,),))
    ReadingItem.objects.update(pages="4")
    client.cookies["django_language"] = "zh-hans"
    assert "第 4 页 ·" in client.get("/courses/live/").content.decode()
