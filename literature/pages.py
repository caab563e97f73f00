"""Sections that apps built on `literature` add to its pages, so that `literature` need not know them.

An app registers a function in its AppConfig.ready(); the reference page calls each with the Reference and
includes the returned section's template (`section.template`) with the section in the context as `section`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Section:
    template: str
    data: dict = field(default_factory=dict)


_REFERENCE_PAGE: list[Callable] = []
_REFERENCE_PAGE_SCOPES: set[str] = set()


def register_reference_page_section(build: Callable, *, scopes=()) -> Callable:
    """`build(reference) -> Section`, called when a reference page is rendered (inside its cached part).
    `scopes` are the content-version scopes (literature.models.ContentVersion) whose changes the section shows."""
    if build not in _REFERENCE_PAGE:
        _REFERENCE_PAGE.append(build)
    _REFERENCE_PAGE_SCOPES.update(scopes)
    return build


def reference_page_sections(reference) -> list[Section]:
    return [build(reference) for build in _REFERENCE_PAGE]


def reference_page_scopes() -> list[str]:
    return sorted(_REFERENCE_PAGE_SCOPES)
