"""A course's reading list as files: for reference managers (RIS, BibTeX, CSL-JSON), as a formatted
bibliography, and the unit dates as an iCalendar file a calendar app can import or subscribe to."""

import datetime

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from literature.citations import bibliography_document
from literature.formats import WRITERS, csljson
from literature.formats.record import ReferenceRecord

# URL suffix -> (label, content type, file extension)
EXPORTS = {
    "ris": (_("RIS (EndNote, Zotero)"), "application/x-research-info-systems", "ris"),
    "bib": ("BibTeX", "application/x-bibtex", "bib"),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", "json"),
    "txt": (_("Bibliography (text)"), "text/plain", "txt"),
    "ics": (_("Calendar (iCalendar)"), "text/calendar", "ics"),
}
WRITER_OF = {"ris": "ris", "bib": "bibtex", "json": "csljson"}


def course_references(units) -> list:
    """Each reference of the course once, in the order the syllabus first assigns it."""
    seen = {}
    for unit in units:
        for item in unit.items.all():
            seen.setdefault(item.reference_id, item.reference)
    return list(seen.values())


def export_response(course, units, export: str, style: str) -> HttpResponse:
    _, content_type, extension = EXPORTS[export]
    if export == "ics":
        body = course_calendar(course, units)
    else:
        references = course_references(units)
        records = [ReferenceRecord.from_reference(reference) for reference in references]
        if export == "txt":
            body = bibliography_document([csljson.record_to_csl(record) for record in records], style, "text")
        else:
            body = WRITERS[WRITER_OF[export]](records, [None] * len(records))
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(course.slug)}.{extension}"'
    return response


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
