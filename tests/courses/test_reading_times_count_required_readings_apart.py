"""A unit and the whole course say how long the required reading takes and how long everything takes: a long
further-reading chapter no longer hides inside "about 220 min of reading"."""

from courses.models import Course, ReadingItem


def _with_a_long_further_reading(make_course, instructor):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED)  # units ((5, 3), (14,))
    ReadingItem.objects.filter(unit__position=2).update(importance=ReadingItem.Importance.FURTHER, minutes=150)
    return course


def test_a_unit_shows_its_required_time_and_its_time_in_all(client, make_course, instructor):
    _with_a_long_further_reading(make_course, instructor)
    page = client.get("/courses/live/").content.decode()
    assert "about 15 min of reading" in page  # week 1: all required (pages 93-94 and 4, 5 minutes a page)
    assert "about 0 min of required reading, 150 min in all" in page  # week 2: one further chapter


def test_the_course_shows_its_required_time_and_its_time_in_all(client, make_course, instructor):
    _with_a_long_further_reading(make_course, instructor)
    page = client.get("/courses/live/").content.decode()
    assert "Reading for the whole course: about 15 min required, 2 h 45 min in all." in page


def test_a_course_whose_readings_are_all_required_says_one_time(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3),))
    page = client.get("/courses/live/").content.decode()
    assert "Reading for the whole course: about 15 min." in page and "in all" not in page


def test_the_times_in_chinese(client, make_course, instructor):
    _with_a_long_further_reading(make_course, instructor)
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/courses/live/").content.decode()
    assert "必读约 0 分钟，全部共 150 分钟" in page
    assert "整门课程的阅读量：必读约 15 分钟，全部共 2 小时 45 分钟。" in page
