"""Our citations (citeproc-py, corrected in literature/citations) print exactly what citeproc-js prints.

The expectations were recorded with citeproc-js, the reference CSL processor, from the same style and locale
files: scripts/citeproc-js/record_expected.py.
"""

import json
import re
from pathlib import Path

import pytest

from literature.citations import STYLES, format_bibliography, formatted_references
from literature.citations.engine import STYLES_DIR
from literature.formats.csljson import record_to_csl
from literature.formats.record import ReferenceRecord
from literature.models import Reference

EXPECTED = json.loads((Path(__file__).parent / "data" / "citeproc_js_expected.json").read_text(encoding="utf-8"))


def csl_items(references) -> list[dict]:
    return [record_to_csl(ReferenceRecord.from_reference(reference)) for reference in references]


def sample_references() -> list[Reference]:
    keys = [entry["key"] for entry in EXPECTED["sample"]["references"]]
    by_key = Reference.objects.prefetch_related("authors").in_bulk(keys, field_name="key")
    return [by_key[key] for key in keys]


def article_references(article) -> list[Reference]:
    return [citation.reference for citation in article.cited_references()]


def entries(recorded: list[dict]) -> list[str]:
    return [entry["entry"] for entry in recorded]


def test_the_expectations_cover_every_style_at_the_vendored_version():
    assert set(EXPECTED["sample"]["text"]) == set(STYLES)
    for style, updated in EXPECTED["style_versions"].items():
        assert f"<updated>{updated}</updated>" in (STYLES_DIR / f"{style}.csl").read_text(encoding="utf-8")


@pytest.mark.parametrize("style", STYLES)
def test_sample_references_format_as_citeproc_js_formats_them(seeded, style):
    assert format_bibliography(csl_items(sample_references()), style) == entries(EXPECTED["sample"]["text"][style])


def citeproc_js_html(entry: str) -> str:
    """citeproc-js's HTML entry, without the block layout it wraps around it and with its entity spelling."""
    entry = re.sub(
        r'<div class="csl-left-margin">(.*?)</div>\s*<div class="csl-right-inline">(.*?)</div>',
        lambda match: f"{match.group(1).strip()} {match.group(2)}",
        entry,
        flags=re.S,
    )
    entry = re.sub(r"</?div[^>]*>", "", entry).strip()
    return entry.replace("&#38;", "&amp;").replace("&#60;", "&lt;").replace("&#62;", "&gt;")


@pytest.mark.parametrize("style", STYLES)
def test_sample_references_in_html_carry_the_same_markup_as_citeproc_js(seeded, style):
    expected = [citeproc_js_html(entry) for entry in entries(EXPECTED["sample"]["html"][style])]
    assert format_bibliography(csl_items(sample_references()), style, output="html") == expected


@pytest.mark.parametrize("style", STYLES)
def test_the_whole_article_bibliography_formats_as_citeproc_js_formats_it(seeded, style):
    items = csl_items(article_references(seeded))
    assert format_bibliography(items, style) == entries(EXPECTED["article"]["text"][style])


@pytest.mark.parametrize("style", STYLES)
def test_cached_references_read_as_the_article_bibliography_does(seeded, style, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": style}}
    references = article_references(seeded)
    recorded = {entry["id"]: entry["entry"] for entry in EXPECTED["article"]["text"][style]}
    expected = [recorded[reference.key] for reference in references]
    assert formatted_references(references, style) == expected  # rendered
    assert formatted_references(references, style) == expected  # from the cache


@pytest.mark.parametrize("style", STYLES)
def test_edge_cases_citeproc_py_got_wrong_format_as_citeproc_js_formats_them(style):
    items = EXPECTED["edge_cases"]["items"]
    assert format_bibliography(items, style) == entries(EXPECTED["edge_cases"]["text"][style])
    html = [citeproc_js_html(entry) for entry in entries(EXPECTED["edge_cases"]["html"][style])]
    assert format_bibliography(items, style, output="html") == html
