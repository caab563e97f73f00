"""For any record the database can hold, exporting, importing and exporting again gives the same text, in every
format; and what BibTeX, RIS and CSL-JSON carry comes back as it was (with RIS's one documented exception)."""

import dataclasses
from datetime import timedelta

import pytest
from hypothesis import given, settings

from literature.formats import PARSERS, WRITERS
from tests.literature.reference_strategies import record_lists

PROPERTY = settings(max_examples=120, deadline=timedelta(seconds=2), database=None)


def export(format_name: str, records) -> str:
    return WRITERS[format_name](records, [record.number for record in records])


@pytest.mark.parametrize("format_name", ["csljson", "bibtex", "ris"])
@PROPERTY
@given(records=record_lists())
def test_export_import_export_gives_the_same_text(format_name, records):
    first = export(format_name, records)
    assert export(format_name, PARSERS[format_name](first)) == first


@pytest.mark.parametrize("format_name", ["csljson", "bibtex"])
@PROPERTY
@given(records=record_lists(tidied=True))
def test_an_exported_record_imports_as_it_was(format_name, records):
    imported = PARSERS[format_name](export(format_name, records))
    assert [dataclasses.asdict(record) for record in imported] == [dataclasses.asdict(record) for record in records]


def as_ris_reads(name: dict) -> dict:
    """RIS's one ambiguity: a name is "Family, Given" when it has a comma, an organisation's when it has none."""
    text = name["literal"] or f"{name['family']}, {name['given']}".strip()
    family, comma, given = text.partition(",")
    if comma and family.strip():
        return {"family": family.strip(), "given": given.strip(), "literal": "", "original": name["original"]}
    return {"family": "", "given": "", "literal": text, "original": name["original"]}


@PROPERTY
@given(records=record_lists(tidied=True))
def test_an_exported_ris_record_imports_as_it_was_but_for_commas_in_names(records):
    """So an organisation or family name with a comma comes back split at it (the exported text stays the same)."""
    expected = [dataclasses.asdict(record) for record in records]
    for record in expected:
        record["authors"] = [as_ris_reads(name) for name in record["authors"]]
    imported = PARSERS["ris"](export("ris", records))
    assert [dataclasses.asdict(record) for record in imported] == expected
