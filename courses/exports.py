"""A course's reading list as files: for reference managers (RIS, BibTeX, CSL-JSON), as a formatted
bibliography, the unit dates as an iCalendar file a calendar app can import or subscribe to, and the whole
course as a Common Cartridge for learning management systems (courses/cartridge.py)."""

import datetime

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from courses.cartridge import CONTENT_TYPE as CARTRIDGE_TYPE
from courses.cartridge import course_cartridge
from literature.exports import export_links, file_response, references_file

EXPORTS = {
    **dict(export_links()),
    "ics": _("Calendar (iCalendar)"),
    "imscc": _("IMS Common Cartridge 1.3 (LMS)"),
}


def course_references(units) -> list:
    """Each reference of the course once, in the order the syllabus first assigns it."""
    seen = {}
    for unit in units:
        for item in unit.items.all():
            seen.setdefault(item.reference_id, item.reference)
    return list(seen.values())


def export_response(course, units, export: str, style: str) -> HttpResponse:
    if export == "ics":
        return file_response(course_calendar(course, units), "text/calendar", f"{slugify(course.slug)}.ics")
    if export == "imscc":  # a zip: no charset, so not file_response()
        response = HttpResponse(course_cartridge(course, units, style), content_type=CARTRIDGE_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{slugify(course.slug)}.imscc"'
        return response
    return references_file(course_references(units), export, style, course.slug)


def course_calendar(course, units) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Urban left-behind children course resources//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{course.code} {course.title}")
    for unit in units:
        if not unit.date:
            continue
        event = Event()
        event.add("uid", f"unit-{unit.pk}@{course.slug}")
        event.add("summary", f"{course.code}: {unit.title}")
        event.add("dtstart", unit.date)
        event.add("dtend", unit.date + datetime.timedelta(days=1))
        readings = [item.reference.title for item in unit.items.all() if item.importance == "required"]
        if readings:
            event.add("description", "Required reading:\n" + "\n".join(f"- {title}" for title in readings))
        event.add("dtstamp", course.updated)
        calendar.add_component(event)
    return calendar.to_ical()
