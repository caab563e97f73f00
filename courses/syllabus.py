"""A course's units prepared for display, shared by the course page, the LMS-embedded view and the cartridge."""

from courses.reading_html import attach_reading_html
from literature.citations import attach_formatted
from literature.links import attach_link_states


def syllabus_units(course, units: list, style: str) -> list:
    """Each unit gets its reading load (`unit.load`), each reading its formatted citation (`item.formatted`),
    numbered through the whole list as a printed syllabus would be, and each reading's reference its link state
    (`link_state`: the links the audit finds malformed or broken)."""
    load = {row["unit"].pk: row for row in course.reading_load(units)}
    items = attach_formatted([item for unit in units for item in unit.items.all()], style, reference=_reference_of)
    attach_link_states(items, reference=_reference_of)  # one query for the whole course
    for unit in units:
        unit.load = load[unit.pk]
    return units


def syllabus_page_units(course, units: list, style: str, *, new_tab: bool = False) -> list:
    """syllabus_units, and each reading's HTML for the course page or the LMS embed (`item.html`, mostly from the
    cache: courses/reading_html.py)."""
    syllabus_units(course, units, style)
    attach_reading_html([item for unit in units for item in unit.items.all()], new_tab=new_tab)
    return units


def _reference_of(item):
    return item.reference


def syllabus_totals(units: list) -> dict:
    """The whole course's reading time from its units' loads (syllabus_units): required-only and in all."""
    return {key: sum(unit.load[key] for unit in units) for key in ("minutes", "required_minutes", "unestimated")}
