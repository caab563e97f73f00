"""The importer against every entry of the article's list, field by field.

The expected records in data/seed_expected.json were written by hand from the printed list,
independently of the parser.
"""

import json
from pathlib import Path

import pytest

from literature.formats.text import parse_list
from literature.seeding import SEED_FILE, parse_seed

EXPECTED = json.loads((Path(__file__).parent / "data" / "seed_expected.json").read_text(encoding="utf-8"))
PARSED = {
    record.number: record for record in parse_list(parse_seed(SEED_FILE.read_text(encoding="utf-8")).reference_list)
}


def as_dicts(names):
    return [{"literal": n.literal} if n.literal else {"family": n.family, "given": n.given} for n in names]


def test_it_reads_all_51_entries_in_order():
    assert list(PARSED) == list(range(1, 52))


@pytest.mark.parametrize("expected", EXPECTED, ids=lambda e: f"ref{e['number']}")
def test_it_reads_each_field_of_each_entry(expected):
    record = PARSED[expected["number"]]
    actual = {
        "number": record.number,
        "type": record.type,
        "authors": as_dicts(record.authors),
        "title": record.title,
        "container_title": record.container_title,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "year": record.year,
        "publisher": record.publisher,
        "publisher_place": record.publisher_place,
        "genre": record.genre,
        "doi": record.doi,
        "url": record.url,
        "text": record.citation_text,
    }
    assert actual == expected


def test_it_flags_exactly_the_entries_it_had_to_guess_about():
    flagged = {number: record.warnings for number, record in PARSED.items() if record.warnings}
    assert flagged == {
        22: ["no thesis type is printed; classified as a thesis because it names an academic institution"],
        33: ["author 'Yang' has no initials"],
    }


def test_it_infers_chinese_only_from_evidence_in_the_entry():
    unknown = sorted(number for number, record in PARSED.items() if not record.language)
    # No CNKI/Wanfang/government link, CNKI DOI or Chinese text: the importer does not guess.
    assert unknown == [26, 39, 48]
    assert {PARSED[n].language for n in PARSED if n not in unknown} == {"zh"}
