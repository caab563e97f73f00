"""Duplicating a course for a new term copies units and readings, shifts dates, and leaves a draft."""

import datetime

from courses.models import Course, ReadingItem
from courses.services import course_duplicate


def test_the_copy_is_a_draft_with_every_date_shifted(make_course, instructor):
    original = make_course(instructor, status=Course.Status.PUBLISHED, units=((5, 3), (14,), (27, 28, 29)))
    original.units.filter(position=2).update(date=datetime.date(2027, 3, 10))
    copy = course_duplicate(course=original, term="Spring 2028", start_date=datetime.date(2028, 2, 28), user=instructor)
    assert (copy.status, copy.term, copy.start_date) == ("draft", "Spring 2028", datetime.date(2028, 2, 28))
    assert copy.slug == "soc-101-spring-2028"
    shift = datetime.date(2028, 2, 28) - datetime.date(2027, 3, 1)
    assert [u.date for u in copy.units.all()] == [u.date + shift for u in original.units.all()]
    assert [u.title for u in copy.units.all()] == ["Week 1", "Week 2", "Week 3"]
    copied_items = [
        (i.unit.position, i.reference_id, i.position) for i in ReadingItem.objects.filter(unit__course=copy)
    ]
    original_items = [
        (i.unit.position, i.reference_id, i.position) for i in ReadingItem.objects.filter(unit__course=original)
    ]
    assert sorted(copied_items) == sorted(original_items) and len(copied_items) == 6
    assert list(copy.instructors.all()) == [instructor]


def test_the_original_is_untouched(make_course, instructor):
    original = make_course(instructor, status=Course.Status.PUBLISHED)
    before = (original.status, original.term, [(u.pk, u.date) for u in original.units.all()])
    course_duplicate(course=original, term="Fall 2027", start_date=datetime.date(2027, 9, 6), user=instructor)
    original.refresh_from_db()
    assert before == (original.status, original.term, [(u.pk, u.date) for u in original.units.all()])
    assert ReadingItem.objects.filter(unit__course=original).count() == 3


def test_duplicating_twice_for_the_same_term_gives_distinct_addresses(make_course, instructor):
    original = make_course(instructor)
    first = course_duplicate(course=original, term="Fall 2027", start_date=datetime.date(2027, 9, 6), user=instructor)
    second = course_duplicate(course=original, term="Fall 2027", start_date=datetime.date(2027, 9, 6), user=instructor)
    assert (first.slug, second.slug) == ("soc-101-fall-2027", "soc-101-fall-2027-2")


def test_the_admin_action_asks_for_the_term_and_start_date(client_for, make_course, instructor):
    original = make_course(instructor, status=Course.Status.PUBLISHED)
    client = client_for(instructor)
    action = {"action": "duplicate_for_new_term", "_selected_action": [original.pk]}
    page = client.post("/admin/courses/course/", action).content.decode()
    assert "Duplicate for a new term" in page and 'name="start_date"' in page
    invalid = client.post("/admin/courses/course/", {**action, "apply": "1", "term": "Fall 2027", "start_date": "soon"})
    assert "Enter the date as YYYY-MM-DD" in invalid.content.decode()
    assert Course.objects.count() == 1
    done = client.post(
        "/admin/courses/course/", {**action, "apply": "1", "term": "Fall 2027", "start_date": "2027-09-06"}, follow=True
    )
    assert "Created 1 draft copy: soc-101-fall-2027" in done.content.decode()
    assert Course.objects.get(slug="soc-101-fall-2027").status == "draft"
