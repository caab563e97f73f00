"""A .bib file to records: bibtexparser reads the syntax and splits names, pylatexenc decodes LaTeX."""

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

from literature.formats import original
from literature.formats.bibtex.conventions import (
    ARTICLE_SUBTYPES,
    CONTAINER_FALLBACKS,
    CONTAINER_FIELDS,
    DEFAULT_CONTAINER_FIELD,
    DEFAULT_PUBLISHER_FIELD,
    FAILED_BLOCK_START,
    IMPORT_TYPES,
    KNOWN_TYPES,
    LIBRARY_LOGGERS,
    NEEDS_DECODING,
    NUMBER_FIELD,
    PRINTED_AS,
    PUBLISHER_FALLBACKS,
    PUBLISHER_FIELDS,
    REVIEW_NOTE,
    THESIS_GENRES,
    collapse,
)
from literature.formats.limits import check_record
from literature.formats.record import Name, ParseError, ReferenceRecord


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
        return collapse(_decode(value, name)) if name else ""

    def not_kept(self) -> list[str]:
        return sorted(set(self.fields) - self.used)


def _decode(value: str, field: str) -> str:
    if not NEEDS_DECODING.search(value):
        return value  # nothing TeX would change: skip the (slow) LaTeX parser
    if "\\" not in value and _only_groups(value):
        # Braces that only group ("{National Bureau of Statistics}", "{COVID}-19"), as in most names and titles
        # of a large file: the LaTeX parser would drop them and change nothing else.
        return value.replace("{", "").replace("}", "")
    try:
        return DECODER.latex_to_text(value)
    except LatexWalkerError as error:
        raise ValueError(f"the LaTeX in '{field}' could not be read ({error})") from None
    except RecursionError:
        raise ValueError(f"the LaTeX in '{field}' is nested too deeply to read") from None


def _only_groups(value: str) -> bool:
    """Balanced braces and, without them, nothing TeX would change."""
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return False
    return depth == 0 and not NEEDS_DECODING.search(value.replace("{", "").replace("}", ""))


def _entry_to_record(entry: model.Entry) -> ReferenceRecord:
    fields = _Fields(entry)
    entry_type = entry.entry_type.lower()
    if entry_type not in IMPORT_TYPES:
        raise ValueError(f"unknown entry type '@{entry.entry_type}'")
    title = fields.text("title")
    if not title:
        raise ValueError("'title' is missing")
    url_name, url = fields.raw("url")
    url = collapse(_decode(url, url_name) if "\\" in url else url)
    csl_type = _csl_type(entry_type, fields, has_url=bool(url))
    genre = fields.text("type") or THESIS_GENRES.get(entry_type, "")
    pages_name, pages = fields.raw("pages")
    doi_name, doi = fields.raw("doi")
    citation_text, notes = _annote_lines(fields)
    annote_name, annote = fields.raw("annote", "annotation")
    annote_lines = [collapse(line) for line in _decode(annote, annote_name).split("\n")] if annote_name else []
    original_container, authors, original_notes = original.read_lines(annote_lines, _read_authors(fields))
    record = ReferenceRecord(
        type=csl_type,
        title=title,
        authors=authors,
        container_title=fields.text(CONTAINER_FIELDS.get(entry_type, DEFAULT_CONTAINER_FIELD), *CONTAINER_FALLBACKS),
        original_title=fields.text("origtitle"),
        original_container_title=original_container,
        volume=fields.text("volume"),
        issue=fields.text("number", "issue"),
        pages=collapse(_decode(pages, pages_name) if re.search(r"[\\{}]", pages) else pages.replace("--", "-")),
        year=_year(fields),
        publisher=fields.text(PUBLISHER_FIELDS.get(entry_type, DEFAULT_PUBLISHER_FIELD), *PUBLISHER_FALLBACKS),
        publisher_place=fields.text("address", "location"),
        genre=genre,
        doi=collapse(_decode(doi, doi_name) if "\\" in doi else doi),
        url=url,
        language=fields.text("language"),
        citation_text=citation_text,
        number=_citation_number(fields),
        key=entry.key,
        warnings=notes + original_notes,
    )
    ignored = fields.not_kept()
    if ignored:
        record.warnings.append(f"fields not kept on import: {', '.join(ignored)}")
    check_record(record)
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
            raise ValueError(f"author {position} ({collapse(text)!r}): {error.reason.lower()}") from None
        if not (parts.first or parts.von or parts.jr) and len(parts.last) == 1 and _is_one_group(parts.last[0]):
            literal = collapse(_decode(parts.last[0], "author"))
            if not literal:
                raise ValueError(f"author {position} is empty")
            names.append(Name(literal=literal))
            continue
        family = collapse(_decode(" ".join(parts.von + parts.last), "author"))
        given = collapse(_decode(" ".join(parts.first), "author"))
        suffix = collapse(_decode(" ".join(parts.jr), "author"))
        if suffix:
            given = f"{given}, {suffix}" if given else suffix
        if not family:
            raise ValueError(f"author {position} ({collapse(text)!r}) has no family name")
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
    if "\\" not in value:
        return split_multiple_persons_names(value)  # no escape to protect (most names): the same, sooner
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
        line = collapse(line)
        if line.startswith(PRINTED_AS) and not citation_text:
            citation_text = line.removeprefix(PRINTED_AS).strip()
        elif line.startswith(REVIEW_NOTE):
            notes.append(line.removeprefix(REVIEW_NOTE).strip())
        elif line and not original.is_original_line(line):
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
