"""Helpers for the syllabus editor's tests: its URLs, and posting an action as htmx does."""

from courses.models import ReadingItem, Unit


def editor_url(course) -> str:
    return f"/admin/courses/course/{course.pk}/syllabus/"


def action_url(course, action: str) -> str:
    return f"/admin/courses/course/{course.pk}/syllabus/{action}/"


def post(client, course, action: str, data: dict, *, htmx: bool = True):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(action_url(course, action), data, headers=headers)


def stamp(obj) -> str:
    obj.refresh_from_db()
    return obj.updated.isoformat()


def outline(course) -> list[tuple[str, list[int]]]:
    """Each unit's title with its readings' reference ids, in order."""
    return [
        (unit.title, [item.reference_id for item in ReadingItem.objects.filter(unit=unit).order_by("position", "pk")])
        for unit in Unit.objects.filter(course=course).order_by("position", "pk")
    ]


def snapshot(course) -> list:
    """Everything an action could change, to check that a refused action changed nothing."""
    units = list(Unit.objects.filter(course=course).order_by("pk").values())
    items = list(ReadingItem.objects.filter(unit__course=course).order_by("pk").values())
    course.refresh_from_db()
    return [course.status, course.updated, units, items]
