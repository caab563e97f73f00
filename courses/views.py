from itertools import groupby

from django.shortcuts import get_object_or_404, render

from courses.models import Course


def course_list(request):
    """Published courses grouped by term, newest first."""
    courses = Course.objects.published().prefetch_related("instructors").order_by("-start_date", "term", "code")
    terms = [(term, list(items)) for term, items in groupby(courses, key=lambda course: course.term)]
    return render(request, "courses/course_list.html", {"terms": terms})


def course_detail(request, slug):
    """A course's reading list; drafts and archived courses exist only for their instructors (a preview)."""
    course = get_object_or_404(Course.objects.visible_to(request.user).prefetch_related("instructors"), slug=slug)
    units = list(course.units_with_readings())
    load = {row["unit"].pk: row for row in course.reading_load(units)}
    for unit in units:
        unit.load = load[unit.pk]
    return render(
        request,
        "courses/course_detail.html",
        {"course": course, "units": units, "is_preview": course.status != Course.Status.PUBLISHED},
    )
