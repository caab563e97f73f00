"""Formatted references for pages, each rendered once and then served from Django's cache."""

import hashlib
from functools import cache as memoize

from django.core.cache import cache
from django.utils.safestring import mark_safe

from literature.citations import engine, formatting
from literature.formats import csljson
from literature.formats.record import ReferenceRecord
from literature.links import link_citation

# Bump when a change to our code (not to a style or locale file, which the key covers) changes the output.
RENDERING_VERSION = 2  # 2: name order by script, no comma after “?”, title case inside quotes
TIMEOUT = 60 * 60 * 24 * 30  # entries are keyed by content, so they never go stale; this only bounds storage


def formatted_references(
    references, style: str = formatting.DEFAULT_STYLE, output: str = "text", *, numbered: bool = True
) -> list[str]:
    """The references (Reference objects with `authors` prefetched) formatted in `style`, in the given order.

    Each entry is rendered on its own and cached under the reference's key and `updated` timestamp, so it is
    rendered again only after the reference is saved. Numeric styles number the entries by their position in
    `references`. That number is not cached with the entry: both our numeric styles (Vancouver, GB/T 7714) put
    it in a first field of its own (second-field-align), so we cache the entry without it and write "1." or
    "[1]" in front when serving, and the same cached entry serves every list the reference appears in, at
    any position. A style whose number is part of the entry's text gets the position in its cache key instead.
    With numbered=False the position is left out (a list that shows the article's own numbers beside each entry).
    """
    formatting.check(style, output)
    references = list(references)
    loaded = engine.load(style)
    outside_label = loaded.label_affixes is not None and not loaded.numbered_body
    keys = [
        _key(reference, style, output, position if loaded.numbered_body else None)
        for position, reference in enumerate(references, start=1)
    ]
    found = cache.get_many(keys)
    missing = [index for index, key in enumerate(keys) if key not in found]
    if missing:
        items = [csljson.record_to_csl(ReferenceRecord.from_reference(references[index])) for index in missing]
        entries = formatting.render_entries(style, items, [index + 1 for index in missing])
        # Without a number of our own to add, the rendered first field (if any) stays in the cached text.
        label = "" if outside_label else None
        fresh = {
            keys[index]: formatting.join_entry(style, entry, output, label=label)
            for index, entry in zip(missing, entries, strict=True)
        }
        cache.set_many(fresh, TIMEOUT)
        found.update(fresh)
    results = []
    for position, key in enumerate(keys, start=1):
        label = formatting.number_label(style, position) if outside_label and numbered else ""
        results.append(f"{label} {found[key]}" if label else found[key])
    return results


def attach_formatted(items, style: str, *, reference=None, numbered: bool = True) -> list:
    """Give each item its citation in `style` as page HTML, `item.formatted`, numbered by its position, its
    address and DOI shown short and linked in full (literature/links.py).

    `reference(item)` finds an item's Reference (with `authors` prefetched); by default the items are References.
    Returns the items as a list. numbered=False: without the style's position number (see formatted_references).
    """
    items = list(items)
    references = [reference(item) for item in items] if reference else items
    entries = formatted_references(references, style, "html", numbered=numbered)
    for item, ref, entry in zip(items, references, entries, strict=True):
        # Escaped HTML from the citation engine, its address and DOI shown short and linked in full.
        item.formatted = mark_safe(link_citation(entry, ref))
    return items


def author_text(reference) -> str:
    """The reference's (prefetched) authors as one string for cache keys: every part of every name, in order."""
    return "|".join(f"{a.family}/{a.given}/{a.literal}/{a.original}" for a in reference.authors.all())


def _key(reference, style: str, output: str, position: int | None) -> str:
    # The authors are part of the entry but live in their own table: an author edited without saving the
    # reference would not change `updated`, so the key also carries a digest of the (prefetched) authors.
    author_digest = hashlib.blake2b(author_text(reference).encode(), digest_size=6).hexdigest()
    stamp = f"{reference.updated.timestamp():.6f}" if reference.updated else "new"
    key = f"citation:{RENDERING_VERSION}:{_fingerprint(style)}:{style}:{output}:{reference.key}:{stamp}:{author_digest}"
    return f"{key}:{position}" if position is not None else key


@memoize
def _fingerprint(style: str) -> str:
    """A digest of the style and locale files, so that updating a vendored file retires its cached entries."""
    digest = hashlib.blake2b(digest_size=6)
    for path in [engine.STYLES_DIR / f"{style}.csl", *sorted(engine.LOCALES_DIR.glob("*.xml"))]:
        digest.update(path.read_bytes())
    return digest.hexdigest()
