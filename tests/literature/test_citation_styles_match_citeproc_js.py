"""Our citations (citeproc-py, corrected in literature/citations) print exactly what citeproc-js prints, except
where a written decision says otherwise (tests/literature/citation_decisions.py): there they print what pandoc's
citeproc prints, or what the decision says.

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
from tests.literature import pandoc_citeproc
from tests.literature.citation_decisions import DIFFERS_FROM_PANDOC, differs_from_citeproc_js, plain

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


def expected_after_decisions(style: str, items: list[dict], recorded: list[dict]) -> tuple[list[str], int]:
    """citeproc-js's entries, with pandoc's (or the decision's) in place of those a decision makes us differ on;
    and how many were replaced."""
    by_id = {item["id"]: item for item in items}
    decided = [entry["id"] for entry in recorded if differs_from_citeproc_js(style, by_id[entry["id"]])]
    pandoc = pandoc_citeproc.bibliography([by_id[key] for key in decided], style) if decided else {}
    expected = []
    for entry in recorded:
        if entry["id"] not in decided:
            expected.append(entry["entry"])
        else:
            instead = DIFFERS_FROM_PANDOC.get((style, entry["id"]))
            expected.append(instead[1] if instead else pandoc[entry["id"]])
    return expected, len(decided)


@pytest.mark.parametrize("style", STYLES)
def test_sample_references_format_as_citeproc_js_formats_them(seeded, style):
    items = csl_items(sample_references())
    expected, _ = expected_after_decisions(style, items, EXPECTED["sample"]["text"][style])
    assert format_bibliography(items, style) == expected


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
    items = csl_items(sample_references())
    by_id = {item["id"]: item for item in items}
    ours = format_bibliography(items, style, output="html")
    text = format_bibliography(items, style)
    for recorded, entry, entry_text in zip(EXPECTED["sample"]["html"][style], ours, text, strict=True):
        if differs_from_citeproc_js(style, by_id[recorded["id"]]):
            assert plain(entry) == entry_text  # the same entry, decided in the text test
        else:
            assert entry == citeproc_js_html(recorded["entry"])


@pytest.mark.parametrize("style", STYLES)
def test_the_whole_article_bibliography_formats_as_citeproc_js_formats_it(seeded, style):
    items = csl_items(article_references(seeded))
    expected, decided = expected_after_decisions(style, items, EXPECTED["article"]["text"][style])
    assert format_bibliography(items, style) == expected
    # The romanised names of the 45 Chinese references: the only decision the article meets.
    assert decided == (45 if style in {"apa", "chicago-author-date", "harvard-cite-them-right"} else 0)


@pytest.mark.parametrize("style", STYLES)
def test_cached_references_read_as_the_article_bibliography_does(seeded, style, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": style}}
    references = article_references(seeded)
    decided, _ = expected_after_decisions(style, csl_items(references), EXPECTED["article"]["text"][style])
    ids = [entry["id"] for entry in EXPECTED["article"]["text"][style]]
    recorded = dict(zip(ids, decided, strict=True))
    expected = [recorded[reference.key] for reference in references]
    assert formatted_references(references, style) == expected  # rendered
    assert formatted_references(references, style) == expected  # from the cache


@pytest.mark.parametrize("style", STYLES)
def test_edge_cases_citeproc_py_got_wrong_format_as_citeproc_js_formats_them(style):
    items = EXPECTED["edge_cases"]["items"]
    expected, _ = expected_after_decisions(style, items, EXPECTED["edge_cases"]["text"][style])
    assert format_bibliography(items, style) == expected
    by_id = {item["id"]: item for item in items}
    ours = format_bibliography(items, style, output="html")
    for recorded, entry, entry_text in zip(EXPECTED["edge_cases"]["html"][style], ours, expected, strict=True):
        if differs_from_citeproc_js(style, by_id[recorded["id"]]):
            assert plain(entry) == entry_text
        else:
            assert entry == citeproc_js_html(recorded["entry"])
