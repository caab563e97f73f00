"""A draft course made from the article: one unit per theme in the article's order (or as given), each unit's
required reading within the weekly minutes, every theme covered, no reference used twice."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from courses.models import Course, ReadingItem
from courses.services import course_draft_from_article
from literature.models import Theme


def draft(instructor, **options) -> Course:
    return course_draft_from_article(instructor=instructor, **{"weeks": 7, "minutes_per_week": 60, **options})


@pytest.mark.parametrize("minutes", [30, 60, 120, 600])
def test_each_units_required_reading_fits_the_weekly_minutes(seeded, instructor, minutes):
    course = draft(instructor, minutes_per_week=minutes)
    assert course.target_minutes_per_week == minutes
    for row in course.reading_load():
        assert 0 < row["required_minutes"] <= minutes, row["unit"].title
        assert not row["over_target"]


def test_every_theme_has_a_unit_with_required_reading_on_it_in_the_articles_order(seeded, instructor):
    course = draft(instructor)
    themes = list(Theme.objects.all())
    units = list(course.units_with_readings())
    assert [unit.title for unit in units] == [f"Week {n}: {theme.name}" for n, theme in enumerate(themes, 1)]
    for unit, theme in zip(units, themes, strict=True):
        required = [item for item in unit.items.all() if item.importance == "required"]
        assert required, unit.title
        assert all(theme in item.reference.themes.all() for item in unit.items.all())
    assert course.theme_coverage(themes, units)["missing"] == []


def test_no_reference_is_used_twice_and_every_reference_on_a_chosen_theme_is_offered(seeded, instructor):
    course = draft(instructor)
    used = list(ReadingItem.objects.filter(unit__course=course).values_list("reference_id", flat=True))
    assert len(used) == len(set(used))
    on_themes = set(seeded.references.filter(themes__isnull=False).values_list("pk", flat=True))
    assert set(used) == on_themes


def test_the_rest_is_recommended_when_it_can_be_timed_and_further_reading_when_not(seeded, instructor):
    course = draft(instructor)
    for item in ReadingItem.objects.filter(unit__course=course).exclude(importance="required"):
        expected = "recommended" if item.estimated_minutes() else "further"
        assert item.importance == expected, item.reference.title


def test_themes_given_make_the_units_in_the_order_given(seeded, instructor):
    course = draft(instructor, weeks=2, themes=["definitions-statistics-policy", "social-work-intervention"])
    assert [unit.title for unit in course.units.all()] == [
        "Week 1: Definitions, statistics and policy",
        "Week 2: Social work and intervention",
    ]
    assert course.status == Course.Status.DRAFT and list(course.instructors.all()) == [instructor]


def test_a_week_too_short_for_any_whole_reading_gets_part_of_one(seeded, instructor):
    course = draft(instructor, weeks=1, minutes_per_week=10, themes=["family-parenting"])
    required = ReadingItem.objects.get(unit__course=course, importance="required")
    assert required.estimated_minutes() <= 10 and (required.pages or required.section)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"weeks": 8}, "8 weeks but the article has 7 themes"),
        ({"weeks": 0}, "at least one week"),
        ({"minutes_per_week": 0}, "at least 10 minutes"),
        ({"minutes_per_week": 100000}, "not a plan"),
        ({"weeks": 1, "themes": ["no-such-theme"]}, "Unknown theme: no-such-theme"),
        ({"weeks": 3, "themes": ["family-parenting"]}, "3 weeks but 1 themes chosen"),
        ({"weeks": 2, "themes": ["family-parenting", "family-parenting"]}, "named twice"),
    ],
)
def test_impossible_requests_are_refused_and_create_nothing(seeded, instructor, options, message):
    with pytest.raises(ValidationError, match=message):
        draft(instructor, **options)
    assert not Course.objects.exists()


def test_a_student_cannot_be_the_instructor(seeded, student):
    with pytest.raises(ValidationError, match="not an instructor"):
        draft(student)


def test_the_command_prints_the_new_courses_slug(seeded, instructor):
    out = io.StringIO()
    call_command("draft_syllabus", "--weeks", "2", "--minutes-per-week", "90", "--instructor", "ada",
                 "--title", "Left behind in the city", "--theme", "family-parenting", "--theme",
                 "education-schooling", stdout=out)  # fmt: skip
    course = Course.objects.get()
    assert out.getvalue().strip() == course.slug == "left-behind-in-the-city"
    assert course.units.count() == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--weeks", "8", "--minutes-per-week", "60", "--instructor", "ada"], "at most 7 weeks"),
        (["--weeks", "2", "--minutes-per-week", "0", "--instructor", "ada"], "at least 10 minutes"),
        (["--weeks", "1", "--minutes-per-week", "60", "--instructor", "ada", "--theme", "x"], "Unknown theme: x"),
        (["--weeks", "1", "--minutes-per-week", "60", "--instructor", "nobody"], "No user named 'nobody'"),
    ],
)
def test_the_command_refuses_with_a_clear_message(seeded, instructor, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("draft_syllabus", *arguments)
    assert not Course.objects.exists()


def test_new_course_from_the_article_in_the_admin_opens_the_draft_in_the_editor(seeded, client_for, instructor):
    client = client_for(instructor)
    assert "/admin/courses/course/from-the-article/" in client.get("/admin/courses/course/").content.decode()
    data = {"title": "Family first", "weeks": "2", "minutes_per_week": "60",
            "themes": ["family-parenting", "education-schooling"]}  # fmt: skip
    response = client.post("/admin/courses/course/from-the-article/", data)
    course = Course.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/courses/course/{course.pk}/syllabus/"
    assert list(course.instructors.all()) == [instructor]
    refused = client.post("/admin/courses/course/from-the-article/", {**data, "weeks": "3"})
    assert refused.status_code == 422 and "3 weeks but 2 themes chosen" in refused.content.decode()
    assert Course.objects.count() == 1


def test_only_instructors_draft_courses(seeded, client_for, superuser, django_user_model):
    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    assert client_for(staff).get("/admin/courses/course/from-the-article/").status_code == 404
    assert client_for(superuser).get("/admin/courses/course/from-the-article/").status_code == 200


def test_a_reference_two_themes_share_goes_to_the_theme_that_has_no_other_timed_reading(seeded, instructor):
    """Reference 27 is the only timed reading on families; a theme listed first that could take it takes 35."""
    grandparents = Theme.objects.create(slug="grandparents", name="Grandparents", position=99)
    grandparents.references.set([seeded.citations.get(number=n).reference for n in (27, 35)])
    course = draft(instructor, weeks=2, minutes_per_week=120, themes=["grandparents", "family-parenting"])
    required = {
        unit.title: [item.reference.citations.get().number for item in unit.items.filter(importance="required")]
        for unit in course.units.all()
    }
    assert required == {"Week 1: Grandparents": [35], "Week 2: Family, parenting and grandparenting": [27]}
