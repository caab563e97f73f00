"""The course page tells an instructor the weekly reading load and which of the article's themes are covered."""

from courses.models import MINUTES_PER_PAGE
from literature.models import Theme


def test_a_readings_time_comes_from_its_pages_or_the_works_pages(make_course, instructor):
    unit = make_course(instructor, units=((5, 14, 1),)).units_with_readings().get()
    by_number = {item.reference.citation_text.split(".")[0]: item for item in unit.items.all()}
    yang, song, mao = by_number["Yang H"], by_number["Song M, Wan Y, Liu W"], by_number["Mao K"]
    assert yang.estimated_minutes() == 2 * MINUTES_PER_PAGE  # the article's own pages 93-94
    assert song.estimated_minutes() == 4 * MINUTES_PER_PAGE  # 20-23
    assert mao.estimated_minutes() is None  # a thesis with no page range: not estimated
    mao.pages = "1-10"
    assert mao.estimated_minutes() == 10 * MINUTES_PER_PAGE
    mao.minutes = 25
    assert mao.estimated_minutes() == 25


def test_the_load_per_unit_flags_a_unit_far_above_the_median(make_course, instructor):
    course = make_course(instructor, units=((5,), (3,), (14, 17, 35)))
    rows = course.reading_load()
    assert [(row["minutes"], row["pages"], row["heavy"]) for row in rows] == [
        (10, 2, False),
        (5, 1, False),
        (20 + 35 + 15, 4 + 7 + 3, True),
    ]


def test_the_course_page_shows_load_coverage_and_unused_references(client_for, make_course, instructor):
    course = make_course(instructor, units=((5,), (3,), (14, 17, 35)))
    page = client_for(instructor).get(f"/admin/courses/course/{course.pk}/change/").content.decode()
    assert '<tr class="heavy"' in page
    assert (
        '<tr class="heavy"><td>Week 3</td><td>70 min</td><td>14 pages</td>'
        "<td>Heavy: well above the course median. </td>" in page
    )
    assert 'style="' not in page.split('class="reading-load"')[1].split("</table>")[0]  # the look is in CSS
    assert "<strong>Covered:</strong> Psychology and mental health, Peers and social adaptation, " in page
    assert "<strong>Not covered:</strong> Education and schooling, Internet, screens and media" in page
    assert "<summary>46 references</summary>" in page


def test_coverage_lists_each_theme_once_in_the_themes_order(make_course, instructor):
    course = make_course(instructor, units=((2, 4), (7,)))  # two policy documents, then a district report
    coverage = course.theme_coverage(list(Theme.objects.all()))
    assert [t.slug for t in coverage["covered"]] == ["social-work-intervention", "definitions-statistics-policy"]
    assert len(coverage["missing"]) == 5
