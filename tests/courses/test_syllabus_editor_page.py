"""The syllabus editor shows a course's outline, reading load, theme coverage and a reference browser."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ReadingItem
from literature.models import AuditFinding, Citation
from tests.courses.editor_helpers import editor_url


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_it_shows_every_unit_with_its_readings_numbers_types_and_load(client_for, make_course, instructor):
    course = make_course(instructor, units=((5, 3), (14,)))
    item = ReadingItem.objects.get(unit__course=course, reference__citations__number=3)
    item.pages, item.note, item.importance = "1-4", "Compare with **reference 5**.", "recommended"
    item.save()
    response = client_for(instructor).get(editor_url(course))
    assert response.status_code == 200
    page = text(response)
    assert "1. Week 1" in page and "2. Week 2" in page
    assert page.index("[5]") < page.index("[3]") < page.index("[14]")
    assert "Recommended" in page and "pp. 1-4" in page and "20 min" in page
    assert "Compare with **reference 5**." in page  # the note's preview, as typed
    assert "Journal article" in page or "Thesis or dissertation" in page
    assert "Required" in page and "of 180" in page
    assert "Themes covered:" in page and "Not covered:" in page


def test_it_shows_the_audit_findings_of_a_reading(client_for, make_course, instructor):
    course = make_course(instructor, units=((5,),))
    reference = Citation.objects.get(number=5).reference
    AuditFinding.objects.create(reference=reference, kind="broken_link", severity="error", message="HTTP 404 at CNKI")
    page = text(client_for(instructor).get(editor_url(course)))
    assert "Broken link: HTTP 404 at CNKI" in page


def test_the_reference_browser_searches_like_the_library_and_says_where_a_result_is(
    client_for, make_course, instructor
):
    course = make_course(instructor, units=((24,), ()))
    client = client_for(instructor)
    page = text(client.get(editor_url(course), {"q": "self-injury"}))
    assert "[24]" in page and "Already in unit 1" in page
    themed = text(client.get(editor_url(course), {"theme": "education-schooling", "unused": "on"}))
    assert "11 references" in themed
    fragment = client.get(editor_url(course), {"q": "Ruan", "part": "results"}, headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode() and "[24]" in text(fragment)


def test_the_course_list_and_the_course_page_link_to_the_editor(client_for, make_course, instructor):
    course = make_course(instructor)
    client = client_for(instructor)
    assert editor_url(course) in client.get("/admin/courses/course/").content.decode()
    assert editor_url(course) in client.get(f"/admin/courses/course/{course.pk}/change/").content.decode()


def queries_for(client, course) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(editor_url(course), {"q": "a"}).status_code == 200
    return len(captured)


def test_the_page_runs_the_same_number_of_queries_for_5_and_200_readings(
    client_for, make_course, instructor, seeded, make_cited_references
):
    small = make_course(instructor, slug="small", units=((1, 2, 3), (4, 5)))
    make_cited_references(seeded, 200)
    numbers = list(range(52, 252))
    large = make_course(instructor, slug="large", units=[numbers[i::4] for i in range(4)])
    assert ReadingItem.objects.filter(unit__course=large).count() == 200
    client = client_for(instructor)
    queries_for(client, small)  # warm the session and content-type caches
    assert queries_for(client, small) == queries_for(client, large)


def test_readings_are_shown_in_their_order_not_in_the_order_they_were_added(client_for, make_course, instructor):
    course = make_course(instructor, units=((5, 3, 14),))
    for position, number in enumerate((14, 5, 3), start=1):
        ReadingItem.objects.filter(unit__course=course, reference__citations__number=number).update(position=position)
    page = text(client_for(instructor).get(editor_url(course)))
    assert page.index("[14]") < page.index("[5]") < page.index("[3]")


def test_every_id_on_the_page_is_unique(client_for, make_course, instructor):
    """Labels, aria-describedby and htmx's focus keeping all rely on ids naming one element each."""
    course = make_course(instructor, units=((5, 3), (14,)))
    ids = re.findall(r'\sid="([^"]+)"', client_for(instructor).get(editor_url(course)).content.decode())
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
