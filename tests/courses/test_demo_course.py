"""load_demo gives a new user a real, published syllabus and a demo instructor to edit it."""

import io

from django.core.management import call_command

from courses.models import Course, ReadingItem, Unit


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_creates_a_published_course_of_eight_units_with_three_to_five_readings(db):
    load_demo()
    course = Course.objects.get(slug="urban-left-behind-children")
    assert course.status == "published"
    units = list(course.units_with_readings())
    assert len(units) == 8
    assert all(3 <= len(unit.items.all()) <= 5 for unit in units)
    importances = {item.importance for unit in units for item in unit.items.all()}
    assert importances == {"required", "recommended", "further"}
    assert any(item.note for unit in units for item in unit.items.all())
    assert [unit.date.isoformat() for unit in units][:2] == ["2027-03-01", "2027-03-08"]


def test_the_demo_covers_every_theme_of_the_article(db):
    load_demo()
    from literature.models import Theme

    course = Course.objects.get(slug="urban-left-behind-children")
    assert course.theme_coverage(list(Theme.objects.all()))["missing"] == []


def test_the_demo_instructor_password_is_printed_once_and_works(client, db):
    first, second = load_demo(), load_demo()
    password = first.split("with password: ")[1].split()[0]
    assert "with password" not in second and "password unchanged" in second
    # Through the admin's sign-in form, as a person would (the login lockout checks every attempt there).
    response = client.post("/admin/login/?next=/admin/", {"username": "demo-instructor", "password": password})
    assert response.status_code == 302
    page = client.get("/admin/courses/course/").content.decode()
    assert "Urban Left-behind Children in China" in page


def test_running_it_twice_changes_nothing(db):
    load_demo()
    snapshot = lambda: (  # noqa: E731
        list(Course.objects.values()),
        list(Unit.objects.values()),
        list(ReadingItem.objects.values()),
    )
    before = snapshot()
    load_demo()
    assert snapshot() == before
