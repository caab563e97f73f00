"""A course's units prepared for display, shared by the course page, the LMS-embedded view and the cartridge."""

from functools import cached_property

from django.db.models import prefetch_related_objects

from courses.models import readings_prefetch
from courses.reading_html import attach_reading_html, find_it_settings
from literature.citations import attach_formatted
from literature.links import attach_link_states
from literature.page_cache import code_version


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


class CourseSyllabus:
    """The course page's syllabus (reading time, units, readings), read only as far as the page needs it.

    `key` says when its HTML changes, from one query (Course.units_with_stamp) and the settings and code it is
    rendered with: a change elsewhere in the library, or in another course, leaves it as it was, and the page
    made again takes the syllabus from the cache. Only when the key is new are the readings read and prepared.
    """

    def __init__(self, course, style: str):
        self.course, self.style = course, style

    @cached_property
    def _stamped(self) -> tuple[list, str]:
        return self.course.units_with_stamp()

    @cached_property
    def key(self) -> str:
        course, digest = self.course, self._stamped[1]
        return ":".join([digest, str(course.pk), course.updated.isoformat(), code_version(), find_it_settings()])

    @cached_property
    def units(self) -> list:
        units = self._stamped[0]
        prefetch_related_objects(units, readings_prefetch(themes=False))
        return syllabus_page_units(self.course, units, self.style)

    @cached_property
    def totals(self) -> dict:
        return syllabus_totals(self.units)
