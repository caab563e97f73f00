"""A course's units prepared for display, shared by the course page, the LMS-embedded view and the cartridge."""

from literature.citations import attach_formatted


def syllabus_units(course, units: list, style: str) -> list:
    """Each unit gets its reading load (`unit.load`), each reading its formatted citation (`item.formatted`),
    numbered through the whole list as a printed syllabus would be."""
    load = {row["unit"].pk: row for row in course.reading_load(units)}
    attach_formatted([item for unit in units for item in unit.items.all()], style, reference=_reference_of)
    for unit in units:
        unit.load = load[unit.pk]
    return units


def _reference_of(item):
    return item.reference


def syllabus_totals(units: list) -> dict:
    """The whole course's reading time from its units' loads (syllabus_units): required-only and in all."""
    return {key: sum(unit.load[key] for unit in units) for key in ("minutes", "required_minutes", "unestimated")}
