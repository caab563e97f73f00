"""Records to a .bib file (bibtexparser writes the syntax; see the package docstring for our conventions)."""

import bibtexparser
from bibtexparser import model

from literature.formats import original
from literature.formats.bibtex.case import protect
from literature.formats.bibtex.conventions import (
    CONTAINER_FIELDS,
    DEFAULT_CONTAINER_FIELD,
    DEFAULT_PUBLISHER_FIELD,
    ESCAPES,
    EXPORT_TYPES,
    LIGATURES,
    NUMBER_FIELD,
    PRINTED_AS,
    PUBLISHER_FIELDS,
    REVIEW_NOTE,
    SAFE_KEY,
    THESIS_ENTRY_TYPES,
    THESIS_GENRES,
    collapse,
)
from literature.formats.record import Name, ReferenceRecord


def dumps(records: list[ReferenceRecord]) -> str:
    """A .bib file with one entry per record, in the given order; keys are made unique."""
    library = bibtexparser.Library()
    used: set[str] = set()
    for index, record in enumerate(records, start=1):
        entry_type, fields = _entry_fields(record)
        key = _unique_key(record.key, index, used)
        library.add(model.Entry(entry_type, key, [model.Field(name, value) for name, value in fields]))
    layout = bibtexparser.BibtexFormat()
    layout.indent = "  "
    layout.block_separator = "\n"
    return bibtexparser.write_string(library, bibtex_format=layout)


def latex_escape(text: str) -> str:
    """Escape TeX's special characters and break ligatures; everything else stays as it is (UTF-8)."""
    return LIGATURES.sub("{}", "".join(ESCAPES.get(char, char) for char in text))


def _entry_fields(record: ReferenceRecord) -> tuple[str, list[tuple[str, str]]]:
    entry_type, subtype = _entry_type(record)
    genre = "" if entry_type in THESIS_GENRES else record.genre
    text_fields = [
        (CONTAINER_FIELDS.get(entry_type, DEFAULT_CONTAINER_FIELD), record.container_title),
        ("year", str(record.year or "")),
        ("volume", record.volume),
        ("number", record.issue),
    ]
    fields = [("author", _authors(record.authors)), ("title", protect(collapse(record.title), latex_escape))]
    fields += [("origtitle", _text(record.original_title))]
    fields += [(name, _text(value)) for name, value in text_fields]
    fields += [
        ("pages", _pages(record.pages)),
        (PUBLISHER_FIELDS.get(entry_type, DEFAULT_PUBLISHER_FIELD), _text(record.publisher)),
        ("address", _text(record.publisher_place)),
        ("type", _text(genre)),
        ("entrysubtype", subtype),
        ("doi", _verbatim(record.doi)),
        ("url", _verbatim(record.url)),
        ("language", _text(record.language)),
        ("annote", _annote(record)),
        (NUMBER_FIELD, str(record.number) if record.number is not None else ""),
    ]
    return entry_type, [(name, value) for name, value in fields if value]


def _entry_type(record: ReferenceRecord) -> tuple[str, str]:
    if record.type in EXPORT_TYPES:
        return EXPORT_TYPES[record.type]
    if record.type == "thesis":
        return THESIS_ENTRY_TYPES.get(collapse(record.genre), "thesis"), ""
    # @misc: the importer reads a @misc with a URL as a web page and one without as a document,
    # so the CSL type is only spelled out where that would get it wrong.
    inferred = "webpage" if collapse(record.url) else "document"
    return "misc", "" if record.type == inferred else record.type


def _text(value: str) -> str:
    return latex_escape(collapse(value))


def _verbatim(value: str) -> str:
    value = collapse(value)
    return _text(value) if any(char in value for char in "{}\\") else value


def _pages(value: str) -> str:
    value = collapse(value)
    if any(char in ESCAPES for char in value):
        return latex_escape(value)
    return value.replace("-", "--")


def _annote(record: ReferenceRecord) -> str:
    lines = [PRINTED_AS + collapse(record.citation_text)] if collapse(record.citation_text) else []
    lines += [REVIEW_NOTE + collapse(note) for note in record.warnings if collapse(note)]
    lines += original.note_lines(record, collapse)
    return "\n".join(latex_escape(line) for line in lines)


def _authors(names: list[Name]) -> str:
    return " and ".join(_name(name) for name in names)


def _name(name: Name) -> str:
    if name.literal or not collapse(name.family):
        return "{" + _text(name.literal or name.given) + "}"
    family, given = collapse(name.family), collapse(name.given)
    if given:
        return f"{_name_part(family)}, {_name_part(given)}"
    if " " in family or not _is_plain_name_part(family):
        # "Mao Ze" alone would read as given name Mao, family name Ze; "Yang," is a BibTeX error.
        return f"{_name_part(family)}, {{}}"
    return _name_part(family)


def _name_part(value: str) -> str:
    """A family or given name; braced when BibTeX would otherwise split it (a comma, the word 'and')."""
    return _text(value) if _is_plain_name_part(value) else "{" + _text(value) + "}"


def _is_plain_name_part(value: str) -> bool:
    return "," not in value and not any(word.casefold() == "and" for word in value.split(" "))


def _unique_key(key: str, index: int, used: set[str]) -> str:
    """A key BibTeX accepts (letters, digits, _ - : . + /), unique in the file regardless of case."""
    base = SAFE_KEY.sub("-", key) or f"ref-{index}"
    candidate, suffix = base, 2
    while candidate.casefold() in used:
        candidate = f"{base}-{suffix}"
        suffix += 1
    used.add(candidate.casefold())
    return candidate
