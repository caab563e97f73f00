"""RIS, the tagged format of EndNote, Zotero, Mendeley and most library catalogues and databases.

Records are read and written by rispy. Before rispy reads a file we check its record structure
ourselves (each record runs from "TY  - " to "ER  - "), because rispy silently skips text outside
records and drops a last record that has no ER line; we report those instead, naming the line.

What we write, following Zotero's RIS translator where the format leaves a choice:
- TY: a specific RIS type for each CSL type (EXPORT_TYPES); others are read sensibly (IMPORT_TYPES).
- AU: "Family, Given" for people ("Family," with no given name), an organisation's name as it
  is. RIS cannot mark an organisation whose name holds a comma: it reads back as a person, split
  at the first comma (as Zotero reads it); the exported text stays the same.
- T2: the container (journal, book, website); M3: the genre (thesis or report type); PB: the
  publisher or awarding institution; CY: its place; SP/EP: the first and last page of a simple
  range, SP alone otherwise; DO, UR (one URL, kept exactly, even with a ; in it), LA, ID (our key).
- N1: the citation as printed ("Printed as: …") and each review note ("Review note: …"), one line
  each; LB: an article's citation number.
- Original-language metadata (formats/original.py): OP ("original publication") holds the original title; the
  original journal and the authors' original names are N1 lines ("Original journal: …", "Original authors: …").
A value is one line: line breaks and runs of whitespace inside it become one space.
"""

import re
from collections import Counter

import rispy

from literature.formats import original
from literature.formats.limits import check_record
from literature.formats.record import Name, ParseError, ReferenceRecord

EXPORT_TYPES = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "article": "UNPB",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "report": "RPRT",
    "legislation": "LEGAL",
    "standard": "STAND",
    "paper-conference": "CPAPER",
    "dataset": "DATA",
    "webpage": "ELEC",
    "post": "BLOG",
    "document": "GEN",
}
IMPORT_TYPES = {ris_type: csl_type for csl_type, ris_type in EXPORT_TYPES.items()} | {
    "EJOUR": "article-journal",
    "JFULL": "article-journal",
    "INPR": "article-journal",
    "EBOOK": "book",
    "EDBOOK": "book",
    "SER": "book",
    "ECHAP": "chapter",
    "GOVDOC": "report",
    "STAT": "legislation",
    "BILL": "legislation",
    "CONF": "paper-conference",
    "DBASE": "dataset",
    "AGGR": "dataset",
    "ICOMM": "post",
}

# rispy's name for each tag we read, in order of preference where several carry the same thing.
TITLE = ("title", "primary_title")  # TI, T1
CONTAINER = ("secondary_title", "journal_name", "alternate_title3", "alternate_title2", "alternate_title1")
YEAR = ("year", "publication_year", "date")  # PY, Y1, DA
AUTHORS = ("authors", "first_authors")  # AU, A1
TAGS = {name: tag for tag, name in rispy.TAG_KEY_MAPPING.items()}

PRINTED_AS = "Printed as: "
REVIEW_NOTE = "Review note: "
WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
SIMPLE_RANGE = re.compile(r"(?P<first>[^\s-]+)-(?P<last>[^\s-]+)")
# rispy's options: no delimiter for UR (its default splits URLs at ";"); rispy's list tags as they are.
RIS_OPTIONS = {"delimiter_tags_mapping": {}}


class _Writer(rispy.RisWriter):
    """rispy's writer without its "1.", "2.", … line before each record, which other programs do not expect."""

    def set_header(self, count: int) -> str:
        return ""


# --- writing -------------------------------------------------------------------------------------


def dumps(records: list[ReferenceRecord]) -> str:
    """An RIS file with one record per reference, in the given order."""
    if not records:
        return ""
    return rispy.dumps([_record_to_ris(record) for record in records], implementation=_Writer, **RIS_OPTIONS)


def _record_to_ris(record: ReferenceRecord) -> dict:
    first_page, last_page = _page_range(_line(record.pages))
    notes = [PRINTED_AS + _line(record.citation_text)] if _line(record.citation_text) else []
    notes += [REVIEW_NOTE + _line(note) for note in record.warnings if _line(note)]
    notes += original.note_lines(record, _line)
    values = {
        "type_of_reference": EXPORT_TYPES.get(record.type, "GEN"),
        "id": _line(record.key),
        "authors": [_author(name) for name in record.authors],
        "title": _line(record.title),
        "original_publication": _line(record.original_title),
        "secondary_title": _line(record.container_title),
        "year": str(record.year or ""),
        "volume": _line(record.volume),
        "number": _line(record.issue),
        "start_page": first_page,
        "end_page": last_page,
        "publisher": _line(record.publisher),
        "place_published": _line(record.publisher_place),
        "type_of_work": _line(record.genre),
        "doi": _line(record.doi),
        "urls": [_line(record.url)] if _line(record.url) else [],
        "language": _line(record.language),
        "notes": notes,
        "label": str(record.number) if record.number is not None else "",
    }
    return {name: value for name, value in values.items() if value}


def _line(value: str) -> str:
    return WHITESPACE.sub(" ", value).strip()


def _page_range(pages: str) -> tuple[str, str]:
    match = SIMPLE_RANGE.fullmatch(pages)
    return (match["first"], match["last"]) if match else (pages, "")


def _author(name: Name) -> str:
    if name.literal or not _line(name.family):
        raw = _line(name.literal or name.given)
    else:
        raw = f"{_line(name.family)}, {_line(name.given)}"
    return _author_text(_read_author(raw))


def _author_text(name: Name) -> str:
    """How a name is written; the same name always gives the same line, so exports are stable."""
    if name.literal:
        return name.literal
    return f"{name.family}, {name.given}" if name.given else f"{name.family},"


def _read_author(text: str) -> Name:
    """ "Family, Given" (or "Family,") is a person; a name without a comma is an organisation."""
    family, comma, given = _line(text).partition(",")
    if comma and family.strip():
        return Name(family=family.strip(), given=given.strip())
    return Name(literal=_line(text))


# --- reading -------------------------------------------------------------------------------------


def parse(text: str) -> list[ReferenceRecord]:
    """Parse an RIS file; raise ParseError naming each record (position, ID, line) that is wrong."""
    chunks, problems = _split_records(text.removeprefix("\ufeff"))
    records = []
    for position, (line_no, lines, repeated) in enumerate(chunks, start=1):
        try:
            data = rispy.loads("\n".join(lines), **RIS_OPTIONS)
        except (KeyError, ValueError, TypeError, AttributeError) as error:  # rispy never raises an error of its own
            problems.append(f"entry {position} (line {line_no}): could not be read ({type(error).__name__})")
            continue
        item = data[0] if data else {}
        label = f"entry {position} ({_id_part(item)}line {line_no})"
        try:
            records.append(_item_to_record(item, repeated))
        except ValueError as error:
            problems.append(f"{label}: {error}")
    if not chunks and not problems:
        problems.append("no RIS records found (expected records from a 'TY  - ' line to an 'ER  - ' line)")
    if problems:
        raise ParseError(problems)
    return records


def _split_records(text: str) -> tuple[list[tuple[int, list[str], set[str]]], list[str]]:
    """Cut the file into records, reporting text outside them.

    Each record comes with its first line number, its lines, and the single-value tags it repeats:
    rispy keeps the first of those and drops the others without a word, so we report them.
    """
    tag_of = rispy.RisParser(**RIS_OPTIONS).parse_line
    chunks: list[tuple[int, list[str], set[str]]] = []
    problems: list[str] = []
    current: list[str] | None = None
    start = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue  # blank lines carry nothing; inside a record rispy would append them to a value
        tag, _ = tag_of(line)
        if current is None:
            if tag == "TY":
                current, start = [line], line_no
            else:
                what = f"'{tag}  - ' line" if tag else f"text {line.strip()[:40]!r}"
                problems.append(f"line {line_no}: {what} outside a record (a record starts with a 'TY  - ' line)")
        elif tag == "TY":
            problems.append(f"entry {len(chunks) + 1} (line {start}): no 'ER  - ' line before the next record")
            chunks.append((start, [*current, "ER  - "], _repeated(current)))
            current, start = [line], line_no
        else:
            current.append(line)
            if tag == "ER":
                chunks.append((start, current, _repeated(current)))
                current = None
    if current is not None:
        problems.append(f"entry {len(chunks) + 1} (line {start}): the record has no 'ER  - ' line")
    return chunks, problems


def _repeated(lines: list[str]) -> set[str]:
    tag_of = rispy.RisParser(**RIS_OPTIONS).parse_line
    counts = Counter(tag for tag, _ in map(tag_of, lines) if tag)
    return {tag for tag, count in counts.items() if count > 1 and tag not in rispy.LIST_TYPE_TAGS}


def _id_part(item: dict) -> str:
    key = item.get("id")
    return f"ID {key!r}, " if isinstance(key, str) and key.strip() else ""


class _Tags:
    """A record's values by rispy name, remembering which were used so the rest can be reported."""

    def __init__(self, item: dict):
        self.item = item
        self.used: set[str] = {"type_of_reference"}
        self.ignored: set[str] = set()

    def values(self, *names: str) -> list[str]:
        """All non-empty values of the named tags, in the order given."""
        found = []
        for name in names:
            if name in self.item:
                self.used.add(name)
                value = self.item[name]
                found += [_line(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
        return [value for value in found if value]

    def first(self, *names: str) -> str:
        """The first non-empty value; other, different values of these tags are reported as not kept."""
        kept = ""
        for name in names:
            for value in self.values(name):
                if not kept:
                    kept = value
                elif value != kept:
                    self.ignored.add(TAGS.get(name, name))
        return kept

    def not_kept(self) -> list[str]:
        tags = set(self.ignored)
        for name, value in self.item.items():
            if name == "unknown_tag":
                tags.update(tag or "(text after TY)" for tag in value)
            elif name not in self.used:
                tags.add(TAGS.get(name, name))
        return sorted(tags)


def _item_to_record(item: dict, repeated: set[str] | frozenset[str] = frozenset()) -> ReferenceRecord:
    tags = _Tags(item)
    tags.ignored.update(repeated)
    ris_type = _line(str(item.get("type_of_reference", ""))).upper()
    if ris_type in IMPORT_TYPES:
        csl_type, type_note = IMPORT_TYPES[ris_type], ""
    elif ris_type in rispy.TYPE_OF_REFERENCE_MAPPING:
        description = rispy.TYPE_OF_REFERENCE_MAPPING[ris_type]
        csl_type, type_note = "document", f"RIS type {ris_type} ({description}) has no match here; kept as a document"
    else:
        raise ValueError(f"unknown or missing reference type {ris_type!r} in the 'TY  - ' line")
    title = tags.first(*TITLE)
    if not title:
        raise ValueError("the title (TI) is missing")
    first_page, last_page = tags.first("start_page"), tags.first("end_page")
    urls = tags.values("urls")
    if len(urls) > 1:
        tags.ignored.add("UR")
    citation_text, notes = _notes(tags)
    original_container, authors, original_notes = original.read_lines(
        tags.values("notes"), [_read_author(text) for text in tags.values(*AUTHORS)]
    )
    record = ReferenceRecord(
        type=csl_type,
        title=title,
        authors=authors,
        container_title=tags.first(*CONTAINER),
        original_title=tags.first("original_publication"),
        original_container_title=original_container,
        volume=tags.first("volume"),
        issue=tags.first("number"),
        pages="-".join(page for page in (first_page, last_page) if page),
        year=_year(tags),
        publisher=tags.first("publisher"),
        publisher_place=tags.first("place_published"),
        genre=tags.first("type_of_work"),
        doi=tags.first("doi"),
        url=urls[0] if urls else "",
        language=tags.first("language"),
        citation_text=citation_text,
        number=_citation_number(tags),
        key=tags.first("id"),
        warnings=notes + original_notes + ([type_note] if type_note else []),
    )
    ignored = tags.not_kept()
    if ignored:
        record.warnings.append(f"fields not kept on import: {', '.join(ignored)}")
    check_record(record)
    return record


def _notes(tags: _Tags) -> tuple[str, list[str]]:
    citation_text, notes, other = "", [], False
    for note in tags.values("notes"):
        if note.startswith(PRINTED_AS) and not citation_text:
            citation_text = note.removeprefix(PRINTED_AS).strip()
        elif note.startswith(REVIEW_NOTE):
            notes.append(note.removeprefix(REVIEW_NOTE).strip())
        elif not original.is_original_line(note):
            other = True
    if other:
        tags.ignored.add("N1")  # someone's own notes: reported as not kept
    return citation_text, [note for note in notes if note]


def _year(tags: _Tags) -> int | None:
    """The year of the first date tag (PY, Y1, DA); the others count as kept when they give the same year alone."""
    year = None
    for name in YEAR:
        if name not in tags.item:
            continue
        values = tags.values(name)
        if year is not None:
            if any(not re.fullmatch(rf"{year}[/ ]*", value) for value in values):
                tags.used.discard(name)  # a month or day we do not keep
            continue
        for value in values[:1]:
            match = re.match(r"(\d{4})(?!\d)", value)
            if not match:
                raise ValueError(f"'{TAGS[name]}' must start with a four-digit year, got {value!r}")
            year = int(match[1])
            if not 1000 <= year <= 2999:
                raise ValueError(f"year {year} is out of range")
    return year


def _citation_number(tags: _Tags) -> int | None:
    label = tags.first("label")
    if label.isdecimal() and label.isascii() and 1 <= int(label) <= 32767:
        return int(label)
    if label:
        tags.ignored.add("LB")  # another program's label, not one of our citation numbers
    return None
