"""Formatted citations in CSL styles, rendered by citeproc-py from the vendored styles/ and locales/ files.

format_bibliography() formats CSL-JSON items as a bibliography; formatted_references() formats Reference
objects for pages, through Django's cache. See README.md for the style files and engine.py for where and why
we correct citeproc-py so that its output matches citeproc-js, the reference CSL processor.
"""

from literature.citations.cache import attach_formatted, formatted_references
from literature.citations.formatting import DEFAULT_STYLE, STYLES, bibliography_document, format_bibliography

__all__ = [
    "DEFAULT_STYLE",
    "STYLES",
    "attach_formatted",
    "bibliography_document",
    "format_bibliography",
    "formatted_references",
]
