"""Instructors write notes in Markdown; what reaches a student's browser is sanitised HTML.

Rendering is a pure function of the text, so each distinct text is rendered once per process (an LRU memo) with
one converter per thread (building a markdown.Markdown with its extensions costs more than converting a note).
"""

import threading
from functools import lru_cache

import markdown as markdown_lib
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


_local = threading.local()


def _converter() -> markdown_lib.Markdown:
    if not hasattr(_local, "converter"):
        _local.converter = markdown_lib.Markdown(extensions=["extra", "sane_lists"], output_format="html")
    return _local.converter


def render_markdown(text: str) -> str:
    return _render(text or "")


@lru_cache(maxsize=4096)
def _render(text: str) -> str:
    html = _converter().reset().convert(text)
    # nh3 drops <script>, event handlers and javascript: links, and adds rel="noopener noreferrer".
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # sanitised by nh3 just above
