"""Whatever a file holds, every importer either reads records from it or refuses it with a ParseError
naming the problem: never another exception, and never a hang."""

import time
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from literature.formats import PARSERS, WRITERS, ParseError
from literature.formats.record import ReferenceRecord
from literature.models import ReferenceType
from literature.seeding import SEED_FILE, parse_seed
from tests.literature.reference_strategies import record_lists

FUZZ = settings(max_examples=150, deadline=timedelta(seconds=2), database=None)
PARSER_NAMES = sorted(PARSERS)

# Pieces of each format's syntax, so that random text often looks like the real thing.
TOKENS = [
    *["@article{", "@misc(", "@book{k,", "@string{j = ", "@comment{", "@preamble{", "title = ", "author = "],
    *[" and ", "{", "}", "(", ")", '"', ",", "=", "#", "%", "\\", "\\&", "\\{", "\\'", "$", "--", "~"],
    *["TY  - JOUR\n", "TY  - ", "ER  - \n", "AU  - ", "TI  - ", "PY  - ", "SP  - ", "N1  - ", "LB  - ", "  - "],
    *[
        "1. ",
        "2. ",
        "[3] ",
        "Smith J. ",
        ". 2020",
        ";12(3):45-67",
        " (master’s thesis). ",
        "Available at: http://x.org",
    ],
    *['{"type": "book", "title": "T"}', "[", "]", '"id": ', "null", "1e5", '"issued": ', "\ufeff", "\r\n", "\n"],
    *["\x00", "城市留守儿童", "“", "’", "\u2028", "\u3000"],
]
FORMAT_SOUP = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=40).map("".join)
SEED_ENTRIES = [line for line in parse_seed(SEED_FILE.read_text(encoding="utf-8")).reference_list.split("\n") if line]


@st.composite
def valid_files(draw) -> str:
    """A file any one of the importers reads: part of the seed's numbered list, or an export of some records."""
    format_name = draw(st.sampled_from(PARSER_NAMES))
    if format_name == "text":
        return "\n".join(SEED_ENTRIES[: draw(st.integers(1, 5))]) + "\n"
    records = draw(record_lists())
    return WRITERS[format_name](records, [record.number for record in records])


@st.composite
def mutated_files(draw) -> str:
    """A valid file with a few slices deleted, repeated, or replaced by syntax or random text."""
    text = draw(valid_files())
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 30)))
        piece = draw(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)))
        text = draw(
            st.sampled_from(
                [
                    text[:start] + text[end:],
                    text[:end] + text[start:end] + text[end:],
                    text[:start] + piece + text[start:],
                    text[:start] + piece + text[end:],
                ]
            )
        )
    return text


def assert_read_or_refused(parser: str, text: str) -> None:
    try:
        records = PARSERS[parser](text)
    except ParseError as error:
        assert error.problems
        assert all(isinstance(problem, str) and problem.strip() for problem in error.problems)
    else:
        assert records
        assert all(isinstance(record, ReferenceRecord) and record.type in ReferenceType.values for record in records)


@pytest.mark.parametrize("parser", PARSER_NAMES)
@FUZZ
@given(text=st.text())
def test_any_text_is_read_or_refused_with_a_parse_error(parser, text):
    assert_read_or_refused(parser, text)


@pytest.mark.parametrize("parser", PARSER_NAMES)
@FUZZ
@given(text=FORMAT_SOUP)
def test_text_made_of_bibliography_syntax_is_read_or_refused_with_a_parse_error(parser, text):
    assert_read_or_refused(parser, text)


@pytest.mark.parametrize("parser", PARSER_NAMES)
@settings(FUZZ, max_examples=100)
@given(text=mutated_files())
def test_a_damaged_file_of_any_format_is_read_or_refused_with_a_parse_error(parser, text):
    assert_read_or_refused(parser, text)


ADVERSARIAL = {
    "deeply-braced-title": "@article{a, title = {" + "{" * 5000 + "x" + "}" * 5000 + "}}",
    "deeply-braced-author": "@article{a, title = {T}, author = {" + "{" * 5000 + "x" + "}" * 5000 + "}}",
    "unclosed-braces": "@article{a, title = {" + "{" * 3000 + "}",
    "block-starts-only": "@a{" * 3000,
    "many-entries": "".join(f"@misc{{k{i}, title = {{T{i}}}}}\n" for i in range(2000)),
    "parenthesised-entry": '@article(a, title = "x)',
    "unclosed-comment": "@comment{",
    "nul-character": "@article{a, title = {x\x00y}}\nTY  - JOUR\nTI  - x\x00y\nER  - \n",
    "long-title": "@article{a, title = {" + "ab cd " * 20000 + "}}",
    "many-ris-authors": "TY  - JOUR\nTI  - x\n" + "AU  - a, b\n" * 10000 + "ER  - \n",
    "long-ris-line": "TY  - JOUR\nTI  - " + "x" * 300000 + "\nER  - \n",
    "long-text-entry": "1. " + "Smith J. " * 10000,
    "dotted-text-entry": "1. A. " + "b. " * 5000 + "2020",
    "journal-like-text-entry": "1. Smith J. " + "x " * 10000 + "J 2020;",
    "lone-backslash": "\\",
}


@pytest.mark.parametrize("parser", PARSER_NAMES)
@pytest.mark.parametrize("text", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_huge_deep_or_odd_files_are_read_or_refused_within_seconds(parser, text):
    started = time.monotonic()
    assert_read_or_refused(parser, text)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5000,
        '[{"type": "book", "title": "T", "issued": {"date-parts": [[1e999]]}}]',
        '[{"type": "book", "title": "T", "citation-number": 1e999}]',
    ],
    ids=["deep-nesting", "infinite-year", "infinite-citation-number"],
)
def test_deep_nesting_and_infinite_numbers_in_csl_json_are_refused(text):
    assert_read_or_refused("csljson", text)


def test_an_address_that_urlsplit_refuses_is_read_or_refused_not_a_crash():
    # Found by the fuzz test above: "http://[" made urlsplit raise "Invalid IPv6 URL" inside the text importer.
    assert_read_or_refused("text", "1. Wang L. A study. Journal 2020. http://[::1\n")
