"""Each reading of a syllabus as HTML, rendered once and then served from the cache.

A course page re-renders when anything in its scopes changes, but most of its readings have not: an instructor
who edits one reading, or a change anywhere in the library, leaves the others as they were. Each reading's HTML
is therefore cached under what it shows (the reading and its reference as saved, the formatted citation, the
audit's link state, the language, the find-it settings and the site's code), so a course page made again
renders only the readings that changed and reads the others in one cache round trip.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from literature.citations.cache import author_text
from literature.page_cache import code_version

TEMPLATE = "courses/_reading.html"
TIMEOUT = 24 * 60 * 60  # keyed by everything the reading shows: never stale, this only bounds storage


def attach_reading_html(items, *, new_tab: bool = False) -> None:
    """Give each reading (with `formatted` and its reference's `link_state` attached: syllabus_units) its HTML,
    `item.html`: from the cache, or rendered and stored for the next page."""
    context = "\n".join([code_version(), get_language() or "", repr(new_tab), find_it_settings()])
    keys = [_key(context, item) for item in items]
    found = cache.get_many(keys)
    fresh = {}
    for item, key in zip(items, keys, strict=True):
        if key not in found:
            found[key] = fresh[key] = render_to_string(TEMPLATE, {"item": item, "new_tab": new_tab})
        item.html = mark_safe(found[key])
    if fresh:
        cache.set_many(fresh, TIMEOUT)


def find_it_settings() -> str:
    # Deployment settings the "find it" links are built from: a changed resolver or catalogue list shows at once.
    return repr((settings.OPENURL_RESOLVER, settings.CATALOGUE_SEARCHES))


def _key(context: str, item) -> str:
    reference = item.reference
    shown = [
        context,
        str(item.pk),
        item.updated.isoformat(),
        str(reference.pk),
        reference.updated.isoformat(),
        str(item.formatted),  # the citation as formatted (numbered, authors, style): see attach_formatted
        repr(getattr(reference, "link_state", None)),
        author_text(reference),  # COinS
    ]
    return "reading-html:" + hashlib.blake2b("\n".join(shown).encode(), digest_size=16).hexdigest()
