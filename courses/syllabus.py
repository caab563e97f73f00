"""A course's units prepared for display, shared by the course page and the LMS-embedded view."""

from django.utils.safestring import mark_safe

from literature.citations import formatted_references


def syllabus_units(course, units: list, style: str) -> list:
    """Each unit gets its reading load (`unit.load`), each reading its formatted citation (`item.formatted`),
    numbered through the whole list as a printed syllabus would be."""
    load = {row["unit"].pk: row for row in course.reading_load(units)}
    items = [item for unit in units for item in unit.items.all()]
    entries = formatted_references([item.reference for item in items], style, "html")
    for item, entry in zip(items, entries, strict=True):
        item.formatted = mark_safe(entry)  # escaped HTML from the citation engine
    for unit in units:
        unit.load = load[unit.pk]
    return units
