"""A course's reading list as files: for reference managers (RIS, BibTeX, CSL-JSON), as a formatted
bibliography, the unit dates as an iCalendar file a calendar app can import or subscribe to, and the whole
course as a Common Cartridge for learning management systems (courses/cartridge.py): 1.3 for Canvas, 1.1 for
Moodle, whose importer reads no later version."""

import datetime

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from courses.cartridge import VERSIONS, course_cartridge
from lbc_site.responses import file_response
from literature.exports import export_links, references_file

EXPORTS = {
    **dict(export_links()),
    "ics": _("Calendar (iCalendar)"),
    "imscc": _("IMS Common Cartridge 1.3 (Canvas)"),
    "imscc11": _("IMS Common Cartridge 1.1 (Moodle, Blackboard)"),
}
# Export key -> (Common Cartridge version, file name). Both files end in .imscc, the extension importers accept;
# the 1.1 file's name says its version so the two downloads can sit side by side.
CARTRIDGES = {"imscc": ("1.3", "{slug}.imscc"), "imscc11": ("1.1", "{slug}-cc11.imscc")}


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
    if export in CARTRIDGES:
        return cartridge_response(course, units, export, style)
    return references_file(course_references(units), export, style, course.slug)


def cartridge_response(course, units, export: str, style: str) -> HttpResponse:
    version, filename = CARTRIDGES[export]
    return file_response(
        course_cartridge(course, units, style, version),
        VERSIONS[version].content_type,
        filename.format(slug=slugify(course.slug)),
        text=False,
    )


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
