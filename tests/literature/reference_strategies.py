"""Hypothesis strategies for bibliographic records: what people type into titles and names, in any script."""

import functools
import re

from hypothesis import strategies as st

from literature.formats.record import Name, ReferenceRecord
from literature.models import ReferenceType

# Everything BibTeX, LaTeX and RIS treat specially, TeX ligatures, curly quotes, dashes and odd spaces.
SPECIALS = "{}%&$#_\\~^\"'`“”‘’-–—.,:;!?()[]@=/<>|*+ \u3000\u00a0\u2028\t\n"
# Text is built from short runs of one kind each (choosing the kind per run, not per character, is
# many times faster to generate): any printable Unicode, CJK, or the special characters above.
RUNS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn")), max_size=8),
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8),
    st.text(st.sampled_from(SPECIALS), max_size=4),
)
THESIS_GENRES = st.sampled_from(["master's thesis", "doctoral dissertation", ""])
# Page ranges as printed: 5, 12-30 (generated without from_regex, which is slow).
PAGE_RANGES = st.builds(
    lambda first, length: f"{first}-{first + length}" if length else str(first),
    st.integers(1, 2000),
    st.integers(0, 50),
)
# Citation keys as the database makes them: a slug such as mao2023analysis.
KEYS = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from("abcdefghijklmnopqrstuvwxyz"),
    st.text("abcdefghijklmnopqrstuvwxyz0123456789_-", max_size=15),
)


def tidy(value: str) -> str:
    """A value as BibTeX and RIS carry it: runs of spaces, tabs and line breaks are one space."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", value).strip()


@functools.cache  # one strategy object per shape: building (and validating) them on every draw is slow
def texts(*, max_size: int, min_size: int = 0, tidied: bool = False) -> st.SearchStrategy[str]:
    """Stripped text (as every importer and the admin's forms store it); with tidied, also single-spaced."""
    raw = st.lists(RUNS, max_size=4).map(lambda runs: "".join(runs)[:max_size])
    strategy = raw.map(tidy if tidied else str.strip)
    return strategy.filter(lambda value: len(value) >= min_size) if min_size else strategy


@functools.cache
def optional_texts(*, max_size: int, tidied: bool = False) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), texts(max_size=max_size, tidied=tidied))


@functools.cache
def names(*, tidied: bool = False) -> st.SearchStrategy[Name]:
    person = st.builds(
        Name, family=texts(max_size=15, min_size=1, tidied=tidied), given=texts(max_size=10, tidied=tidied)
    )
    organisation = st.builds(Name, literal=texts(max_size=40, min_size=1, tidied=tidied))
    return st.one_of(person, organisation)


@functools.cache
def author_lists(*, tidied: bool = False) -> st.SearchStrategy[list[Name]]:
    return st.lists(names(tidied=tidied), max_size=4)


YEARS = st.one_of(st.none(), st.integers(1000, 2999))
CITATION_NUMBERS = st.one_of(st.none(), st.integers(1, 32767))
REVIEW_NOTES = st.lists(texts(max_size=30, min_size=1, tidied=True), max_size=3)


@st.composite
def records(draw, *, tidied: bool = False) -> ReferenceRecord:
    """Any record the database could hold: every type, titles with CJK and TeX specials, people and organisations."""

    def text(max_size: int, **options) -> str:
        return draw(texts(max_size=max_size, tidied=tidied, **options))

    def optional(max_size: int) -> str:
        return draw(optional_texts(max_size=max_size, tidied=tidied))

    reference_type = draw(st.sampled_from(ReferenceType.values))
    genre = draw(THESIS_GENRES) if reference_type == "thesis" and draw(st.booleans()) else optional(30)
    return ReferenceRecord(
        type=reference_type,
        title=text(60, min_size=1),
        authors=draw(author_lists(tidied=tidied)),
        container_title=optional(40),
        volume=optional(10),
        issue=optional(10),
        pages=draw(PAGE_RANGES) if draw(st.booleans()) else optional(12),
        year=draw(YEARS),
        publisher=optional(40),
        publisher_place=optional(20),
        genre=genre,
        doi=optional(30),
        # Only web addresses are stored (lbc_site/rules.py): no white space or control characters in them.
        url=draw(st.sampled_from(["https://example.org/", "http://cnki.net/a?b=1"]))
        + draw(st.text(st.characters(categories=["L", "N"]) | st.sampled_from("-._~/?=&%"), max_size=40))
        if draw(st.booleans())
        else "",
        language=optional(8),
        citation_text=optional(80),
        number=draw(CITATION_NUMBERS),
        key=draw(KEYS),
        warnings=draw(REVIEW_NOTES),
    )


def record_lists(*, tidied: bool = False) -> st.SearchStrategy[list[ReferenceRecord]]:
    """One to four records with different keys (as in the database, where keys are unique)."""
    return st.lists(records(tidied=tidied), min_size=1, max_size=4, unique_by=lambda record: record.key.casefold())
