"""BibTeX (and the biblatex entry types), as read and written by JabRef, Zotero, BibDesk and LaTeX.

The file syntax is read and written by bibtexparser (v2); author lists are split with its BibTeX
name rules; LaTeX in field values is decoded by pylatexenc, which bibtexparser builds on.

What we write, and read back exactly:
- Text is kept as UTF-8. Only the characters special to (La)TeX are escaped: \\ { } % & $ # _ ~ ^
  (as \\textbackslash{}, \\{, …), and TeX ligatures (--, ``, '', !`, ?`) are broken with {} so
  they stay as typed. Runs of spaces, tabs and line breaks become one space, as TeX reads them.
- URLs and DOIs are written verbatim (even malformed ones), unless they hold a brace or a
  backslash: then they are escaped like text, and a value with a backslash is decoded on import.
- Page ranges use BibTeX's en-dash convention: every hyphen is written as --.
- People are written "Family, Given"; an organisation as one braced name, {National Bureau of
  Statistics of China}, which BibTeX never splits or abbreviates.
- The type: see EXPORT_TYPES. Types BibTeX has no entry type for become @misc with biblatex's
  entrysubtype field naming the CSL type, so they survive a round trip.
- What BibTeX has no field for goes in fields bibliography styles ignore: the citation as printed
  and the importer's review notes in annote (one "Printed as: …" / "Review note: …" line each),
  and an article's citation number in citation-number.
"""

import contextlib
import logging
import re

import bibtexparser
from bibtexparser import model
from bibtexparser.exceptions import ParsingException
from bibtexparser.middlewares import NormalizeFieldKeys
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexWalkerError

from literature.formats.limits import check_lengths
from literature.formats.record import Name, ParseError, ReferenceRecord
from literature.models import ReferenceType

KNOWN_TYPES = set(ReferenceType.values)

# CSL type -> (entry type, entrysubtype). Theses are typed by their genre (THESIS_ENTRY_TYPES);
# any other CSL type is written as @misc with the CSL type as its entrysubtype.
EXPORT_TYPES = {
    "article-journal": ("article", ""),
    "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"),
    "book": ("book", ""),
    "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""),
    "report": ("techreport", ""),
}
THESIS_ENTRY_TYPES = {"master's thesis": "mastersthesis", "doctoral dissertation": "phdthesis"}
THESIS_GENRES = {entry_type: genre for genre, entry_type in THESIS_ENTRY_TYPES.items()}

# Entry type (BibTeX and biblatex, with their aliases) -> CSL type; None: decided by entrysubtype.
IMPORT_TYPES = {
    "article": None,
    "misc": None,
    "book": "book",
    "booklet": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "standard": "standard",
    "manual": "document",
    "unpublished": "document",
}
ARTICLE_SUBTYPES = {"": "article-journal", "magazine": "article-magazine", "newspaper": "article-newspaper"}

# Where the container title and the publisher go, by entry type (anything else: the default).
CONTAINER_FIELDS = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
CONTAINER_FIELDS |= {"book": "series", "techreport": "series"}
DEFAULT_CONTAINER_FIELD = "howpublished"
PUBLISHER_FIELDS = {"mastersthesis": "school", "phdthesis": "school", "thesis": "school"}
PUBLISHER_FIELDS |= {"techreport": "institution"}
DEFAULT_PUBLISHER_FIELD = "publisher"
# On import, when the entry type's own field is absent, the first of these that is present is used.
CONTAINER_FALLBACKS = ("journal", "journaltitle", "booktitle", "series", "howpublished")
PUBLISHER_FALLBACKS = ("publisher", "school", "institution", "organization")

PRINTED_AS = "Printed as: "
REVIEW_NOTE = "Review note: "
NUMBER_FIELD = "citation-number"

# Characters special to TeX, and how they are written in a field value.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Places where TeX would join two characters into one (-- into –, `` into “, !` into ¡, …).
LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
# TeX's whitespace: runs of it are one space. Other Unicode spaces (U+3000, no-break) are kept.
TEX_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
# A value without any of these reads the same as text and as LaTeX.
NEEDS_DECODING = re.compile(r"[\\{}$%&~#_^]|--|``|''|[!?]`")
SAFE_KEY = re.compile(r"[^A-Za-z0-9_:.+/-]+")
FAILED_BLOCK_START = re.compile(r"@\s*(?P<type>\w*)\s*[{(]\s*(?P<key>[^,\s{}()=]*)")

LIBRARY_LOGGERS = ("bibtexparser", "pylatexenc")


def _latex_decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    context.add_context_category(
        "lbc-bibtex",
        prepend=True,
        macros=[
            MacroTextSpec("url", simplify_repl="%s"),
            MacroTextSpec("textbackslash", "\\"),
            MacroTextSpec("textasciitilde", "~"),
            MacroTextSpec("textasciicircum", "^"),  # pylatexenc's default is the modifier letter ˆ
        ],
        # A bare & (a TeX error, common in hand-written files) means the ampersand, not a table column.
        specials=[SpecialsTextSpec("&", "&")],
    )
    # keep_comments: a bare % in a field is text to BibTeX; dropping the rest of the line would lose data.
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_comments=True)


DECODER = _latex_decoder()


# --- writing -------------------------------------------------------------------------------------


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
    fields = [("author", _authors(record.authors)), ("title", _text(record.title))]
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
        return THESIS_ENTRY_TYPES.get(_collapse(record.genre), "thesis"), ""
    # @misc: the importer reads a @misc with a URL as a web page and one without as a document,
    # so the CSL type is only spelled out where that would get it wrong.
    inferred = "webpage" if _collapse(record.url) else "document"
    return "misc", "" if record.type == inferred else record.type


def _collapse(value: str) -> str:
    return TEX_WHITESPACE.sub(" ", value).strip()


def _text(value: str) -> str:
    return latex_escape(_collapse(value))


def _verbatim(value: str) -> str:
    value = _collapse(value)
    return _text(value) if any(char in value for char in "{}\\") else value


def _pages(value: str) -> str:
    value = _collapse(value)
    if any(char in ESCAPES for char in value):
        return latex_escape(value)
    return value.replace("-", "--")


def _annote(record: ReferenceRecord) -> str:
    lines = [PRINTED_AS + _collapse(record.citation_text)] if _collapse(record.citation_text) else []
    lines += [REVIEW_NOTE + _collapse(note) for note in record.warnings if _collapse(note)]
    return "\n".join(latex_escape(line) for line in lines)


def _authors(names: list[Name]) -> str:
    return " and ".join(_name(name) for name in names)


def _name(name: Name) -> str:
    if name.literal or not _collapse(name.family):
        return "{" + _text(name.literal or name.given) + "}"
    family, given = _collapse(name.family), _collapse(name.given)
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


# --- reading -------------------------------------------------------------------------------------


def parse(text: str) -> list[ReferenceRecord]:
    """Parse a .bib file; raise ParseError naming each entry (position, key, line) that is wrong."""
    with _library_warnings_muted():
        try:
            library = bibtexparser.parse_string(text, append_middleware=[NormalizeFieldKeys()])
        except ParsingException as error:  # the splitter's "invalid state": a bibtexparser bug, not our data
            raise ParseError([f"the BibTeX could not be read ({type(error).__name__}: {error})"]) from None
        records, problems = [], []
        position = 0
        for block in library.blocks:
            if isinstance(block, model.String | model.Preamble | model.ExplicitComment | model.ImplicitComment):
                continue
            if isinstance(block, model.ParsingFailedBlock) and not _is_entry(block):
                if not isinstance(block, model.DuplicateBlockKeyBlock):  # a redefined @string: BibTeX allows it
                    problems.append(f"line {_line(block)}: malformed {_raw_type(block)} block ({_reason(block)})")
                continue
            position += 1
            label = _label(position, block)
            if isinstance(block, model.DuplicateBlockKeyBlock):
                problems.append(f"{label}: the key {block.key!r} is used by an earlier entry too")
            elif isinstance(block, model.DuplicateFieldKeyBlock):
                fields = ", ".join(sorted(block.duplicate_keys))
                problems.append(f"{label}: a field is given twice ({fields})")
            elif isinstance(block, model.ParsingFailedBlock):
                problems.append(f"{label}: malformed BibTeX ({_reason(block)})")
            else:
                try:
                    records.append(_entry_to_record(block))
                except ValueError as error:
                    problems.append(f"{label}: {error}")
    if not position and not problems:
        problems.append("no BibTeX entries found (expected entries such as @article{key, title = {…}, …})")
    if problems:
        raise ParseError(problems)
    return records


@contextlib.contextmanager
def _library_warnings_muted():
    """bibtexparser and pylatexenc log each problem they recover from; our ParseError reports them instead."""
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _is_entry(block: model.ParsingFailedBlock) -> bool:
    inner = block.ignore_error_block
    if inner is not None:
        return isinstance(inner, model.Entry)
    return _raw_type(block).lower() not in ("@string", "@preamble", "@comment")


def _raw_type(block: model.Block) -> str:
    match = FAILED_BLOCK_START.match(block.raw or "")
    return f"@{match['type']}" if match else "@"


def _line(block: model.Block) -> int:
    return (block.start_line or 0) + 1  # bibtexparser counts lines from 0


def _reason(block: model.ParsingFailedBlock) -> str:
    error = block.error
    reason = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    return reason.strip().replace("`", "'")


def _label(position: int, block: model.Block) -> str:
    if isinstance(block, model.Entry):
        key = block.key
    elif isinstance(getattr(block, "ignore_error_block", None), model.Entry):
        key = block.ignore_error_block.key
    else:
        match = FAILED_BLOCK_START.match(block.raw or "")
        key = match["key"] if match else ""
    key_part = f"key {key!r}, " if key else ""
    return f"entry {position} ({key_part}line {_line(block)})"


class _Fields:
    """An entry's fields, remembering which were used so the rest can be reported as not kept."""

    def __init__(self, entry: model.Entry):
        self.fields = {field.key: field for field in entry.fields}
        self.used: set[str] = set()

    def raw(self, *names: str) -> tuple[str, str]:
        """The first of the named fields that is present, as (name, raw value); ("", "") if none is."""
        for name in names:
            field = self.fields.get(name)
            if field is None:
                continue
            self.used.add(name)
            if not isinstance(field.value, str):
                raise ValueError(f"'{name}' could not be read")
            if field.enclosing == "no-enclosing" and not field.value.strip().isdigit():
                raise ValueError(
                    f"'{name}' is neither in braces nor in quotes (an undefined @string, or # concatenation, "
                    f"which this importer does not support): {field.value!r}"
                )
            return name, field.value
        return "", ""

    def text(self, *names: str) -> str:
        name, value = self.raw(*names)
        return _collapse(_decode(value, name)) if name else ""

    def not_kept(self) -> list[str]:
        return sorted(set(self.fields) - self.used)


def _decode(value: str, field: str) -> str:
    if not NEEDS_DECODING.search(value):
        return value  # nothing TeX would change: skip the (slow) LaTeX parser
    try:
        return DECODER.latex_to_text(value)
    except LatexWalkerError as error:
        raise ValueError(f"the LaTeX in '{field}' could not be read ({error})") from None
    except RecursionError:
        raise ValueError(f"the LaTeX in '{field}' is nested too deeply to read") from None


def _entry_to_record(entry: model.Entry) -> ReferenceRecord:
    fields = _Fields(entry)
    entry_type = entry.entry_type.lower()
    if entry_type not in IMPORT_TYPES:
        raise ValueError(f"unknown entry type '@{entry.entry_type}'")
    title = fields.text("title")
    if not title:
        raise ValueError("'title' is missing")
    url_name, url = fields.raw("url")
    url = _collapse(_decode(url, url_name) if "\\" in url else url)
    csl_type = _csl_type(entry_type, fields, has_url=bool(url))
    genre = fields.text("type") or THESIS_GENRES.get(entry_type, "")
    pages_name, pages = fields.raw("pages")
    doi_name, doi = fields.raw("doi")
    citation_text, notes = _annote_lines(fields)
    record = ReferenceRecord(
        type=csl_type,
        title=title,
        authors=_read_authors(fields),
        container_title=fields.text(CONTAINER_FIELDS.get(entry_type, DEFAULT_CONTAINER_FIELD), *CONTAINER_FALLBACKS),
        volume=fields.text("volume"),
        issue=fields.text("number", "issue"),
        pages=_collapse(_decode(pages, pages_name) if re.search(r"[\\{}]", pages) else pages.replace("--", "-")),
        year=_year(fields),
        publisher=fields.text(PUBLISHER_FIELDS.get(entry_type, DEFAULT_PUBLISHER_FIELD), *PUBLISHER_FALLBACKS),
        publisher_place=fields.text("address", "location"),
        genre=genre,
        doi=_collapse(_decode(doi, doi_name) if "\\" in doi else doi),
        url=url,
        language=fields.text("language"),
        citation_text=citation_text,
        number=_citation_number(fields),
        key=entry.key,
        warnings=notes,
    )
    ignored = fields.not_kept()
    if ignored:
        record.warnings.append(f"fields not kept on import: {', '.join(ignored)}")
    check_lengths(record)
    return record


def _csl_type(entry_type: str, fields: _Fields, *, has_url: bool) -> str:
    csl_type = IMPORT_TYPES[entry_type]
    if csl_type is not None:
        return csl_type
    subtype = fields.text("entrysubtype")
    if entry_type == "article":
        if subtype not in ARTICLE_SUBTYPES:
            fields.used.discard("entrysubtype")  # reported as not kept
        return ARTICLE_SUBTYPES.get(subtype, "article-journal")
    if subtype in KNOWN_TYPES:
        return subtype
    fields.used.discard("entrysubtype")
    return "webpage" if has_url else "document"


def _read_authors(fields: _Fields) -> list[Name]:
    name, value = fields.raw("author")
    names = []
    for position, text in enumerate(_split_names(value) if name else [], start=1):
        try:
            parts = parse_single_name_into_parts(text)
        except InvalidNameError as error:
            raise ValueError(f"author {position} ({_collapse(text)!r}): {error.reason.lower()}") from None
        if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1 and _is_one_group(parts.last[0]):
            literal = _collapse(_decode(parts.last[0], "author"))
            if not literal:
                raise ValueError(f"author {position} is empty")
            names.append(Name(literal=literal))
            continue
        family = _collapse(_decode(" ".join(parts.von + parts.last), "author"))
        given = _collapse(_decode(" ".join(parts.first), "author"))
        suffix = _collapse(_decode(" ".join(parts.jr), "author"))
        if suffix:
            given = f"{given}, {suffix}" if given else suffix
        if not family:
            raise ValueError(f"author {position} ({_collapse(text)!r}) has no family name")
        names.append(Name(family=family, given=given))
    return names


def _split_names(value: str) -> list[str]:
    """bibtexparser's split at " and ", working around its bug with a name that starts with an escape.

    In bibtexparser 2.1.0, split_multiple_persons_names("A and \\&") returns ["A and \\&"] and
    "A and \\{x" gives ["A", "x"]: an escape right after " and " is skipped before the next name is
    started. So we hand it each escape (a backslash and the character after it) as one placeholder
    character, which it treats the same way (never a brace, a space or part of "and"), and put the
    escapes back afterwards, in order.
    """
    placeholder = next((chr(code) for code in range(0xF8FF, 0xE000, -1) if chr(code) not in value), None)
    if placeholder is None:  # every private-use character is in the value: no placeholder is free
        return split_multiple_persons_names(value)
    escapes = re.findall(r"\\.?", value, re.DOTALL)
    names = split_multiple_persons_names(re.sub(r"\\.?", placeholder, value, flags=re.DOTALL))
    restored = iter(escapes)
    return [re.sub(re.escape(placeholder), lambda _: next(restored), name) for name in names]


def _is_one_group(word: str) -> bool:
    """True for "{National Bureau of Statistics}": one brace group from the first character to the last."""
    if not (word.startswith("{") and word.endswith("}")):
        return False
    depth, escaped = 0, False
    for index, char in enumerate(word):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(word) - 1:
                return False
    return depth == 0


def _annote_lines(fields: _Fields) -> tuple[str, list[str]]:
    name, value = fields.raw("annote", "annotation")
    citation_text, notes, other = "", [], False
    # Only \n separates lines: other Unicode line separators are text we keep inside a line.
    for line in _decode(value, name).split("\n") if name else []:
        line = _collapse(line)
        if line.startswith(PRINTED_AS) and not citation_text:
            citation_text = line.removeprefix(PRINTED_AS).strip()
        elif line.startswith(REVIEW_NOTE):
            notes.append(line.removeprefix(REVIEW_NOTE).strip())
        elif line:
            other = True
    if other:
        fields.used.discard(name)  # someone's own annotation: reported as not kept
    return citation_text, [note for note in notes if note]


def _year(fields: _Fields) -> int | None:
    name, value = fields.raw("year")
    match = re.fullmatch(r"\s*(\d{4})\s*", value)
    if not name:
        name, value = fields.raw("date")
        match = re.match(r"\s*(\d{4})(?!\d)", value)
    if not name:
        return None
    if not match:
        raise ValueError(f"'{name}' must start with a four-digit year, got {value!r}")
    year = int(match[1])
    if not 1000 <= year <= 2999:
        raise ValueError(f"year {year} is out of range")
    return year


def _citation_number(fields: _Fields) -> int | None:
    name, value = fields.raw(NUMBER_FIELD)
    if not name:
        return None
    if not value.strip().isdigit() or not 1 <= int(value) <= 32767:
        raise ValueError(f"'{NUMBER_FIELD}' must be a whole number from 1, got {value!r}")
    return int(value)
