"""Numbered reference lists as printed in articles (Vancouver-like), e.g.

    1. Mao K. An Analysis of Emotions ... (master’s thesis). Nanjing Forestry University. 2023.
       Available at: https://link.cnki.net/doi/10.27242/d.cnki.gnjlu.2023.000202

Each entry is classified by the first entry shape that matches it (journal article, thesis, book,
institutional thesis, standalone document). An entry that matches none is kept with its raw text,
typed "document" and flagged for review: nothing is dropped or guessed silently.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from literature.formats.limits import check_record
from literature.formats.record import Name, ParseError, ReferenceRecord

ENTRY_START = re.compile(r"^\s*(?:\[(?P<bracketed>\d+)\]|(?P<dotted>\d+)\.)(?=\s|$)\s*(?P<text>.*)$")

# A trailing link, in any of the printed forms: "DOI: https://doi.org/…", "doi:10.…",
# "Available at: URL", "Available from: URL" or a bare URL.
TRAILING_LINK = re.compile(
    r"(?:\b(?:DOI|doi)\s*:\s*|\bAvailable\s+(?:at|from)\s*:?\s*)?"
    r"(?P<link>https?://\S+|10\.\d{4,9}/\S+)\s*$"
)
DOI_RESOLVER = re.compile(r"^https?://(?:dx\.)?doi\.org/(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)
CNKI_DOI_LINK = re.compile(r"^https?://link\.cnki\.net/doi/(?P<doi>10\.\d{4,9}/[^?#\s]+)", re.IGNORECASE)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CHINESE_HOSTS = ("cnki.net", "wanfangdata.com.cn", "cqvip.com", "gov.cn", "pishu.com.cn", "zhangqiaokeyan.com")

PERSON = re.compile(r"^(?P<family>[A-Z][\w’'\-]*(?: (?:[a-z]+ )*[A-Z][\w’'\-]*){0,2}) (?P<given>[A-Z]{1,3})$")
BARE_FAMILY = re.compile(r"^[A-Z][a-z’'\-]+$")
ET_AL = re.compile(r",?\s*et\s+al\.?$", re.IGNORECASE)

TITLE_END = r"(?:\.|(?<=[?!]))\s+"
YEAR = r"(?P<year>\d{4})"

JOURNAL = re.compile(
    r"^(?P<title>.+?)"
    + TITLE_END
    + r"(?P<container_title>[^.?!]+?)\.?\s+"
    + YEAR
    + r"(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?"  # an optional month (and day): 2020 Mar 5;
    + r"\s*;\s*(?P<volume>[^():;]*?)\s*(?:\((?P<issue>[^)]*)\))?"
    + r"\s*(?::\s*(?P<pages>[A-Za-z]?\d+[a-z]?(?:\s*[-–—]\s*[A-Za-z]?\d+[a-z]?)?))?$"
)
THESIS = re.compile(
    r"^(?P<title>.+?)\.?\s*[(\[](?P<genre>[^)\]]*(?:thesis|dissertation)[^)\]]*)[)\]]\.?\s+"
    r"(?P<publisher>[^.;]+?)[.;]\s+" + YEAR + "$",
    re.IGNORECASE,
)
BOOK = re.compile(r"^(?P<title>.+?)\.\s+(?P<publisher_place>[^.:;]+?):\s*(?P<publisher>[^.;]+?)[.;]\s*" + YEAR + "$")
INSTITUTION_WORDS = r"University|College|Institute|Academy|School|大学|学院"
INSTITUTIONAL_THESIS = re.compile(
    r"^(?P<title>.+)\.\s+(?P<publisher>[^.]*\b(?:" + INSTITUTION_WORDS + r")\b[^.]*)\.\s+" + YEAR + "$"
)
STANDALONE = re.compile(r"^(?P<title>.+)\.\s+" + YEAR + "$")


def parse_list(text: str) -> list[ReferenceRecord]:
    """Parse a whole numbered list; raise ParseError naming every entry or line that is wrong."""
    entries, problems = split_entries(text)
    records = []
    for number, line_no, body in entries:
        if not body.strip():
            problems.append(f"entry {number} (line {line_no}): the entry is empty")
            continue
        record = parse_entry(body, number=number)
        try:
            check_record(record)
        except ValueError as error:
            problems.append(f"entry {number} (line {line_no}): {error}")
            continue
        records.append(record)
    if not entries and not problems:
        problems.append("no numbered entries found (expected lines starting with '1.' or '[1]')")
    if problems:
        raise ParseError(problems)
    return records


def split_entries(text: str) -> tuple[list[tuple[int, int, str]], list[str]]:
    """Split into (number, line, text) entries; continuation lines join the entry above."""
    entries: list[list] = []
    problems: list[str] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        match = ENTRY_START.match(line)
        if match:
            number = int(match["bracketed"] or match["dotted"])
            if entries and number != entries[-1][0] + 1:
                previous = entries[-1][0]
                kind = "repeats" if number <= previous else "skips"
                problems.append(f"entry {number} (line {line_no}): numbering {kind} after entry {previous}")
            entries.append([number, line_no, match["text"]])
        elif line.strip():
            if not entries:
                problems.append(f"line {line_no}: text before the first numbered entry: {line.strip()[:60]!r}")
            else:
                entries[-1][2] += " " + line.strip()
    return [tuple(entry) for entry in entries], problems


def parse_entry(text: str, *, number: int | None = None) -> ReferenceRecord:
    printed = re.sub(r"\s+", " ", text).strip()
    body, doi, url = _split_links(printed)
    record = ReferenceRecord(type="document", title="", citation_text=printed, doi=doi, url=url, number=number)

    head = re.match(r"^(?P<authors>.+?)\.\s+(?P<rest>.+)$", body)
    if not head:
        record.title = body
        record.warnings.append("could not find the authors and title; kept as printed")
        record.language = _language(printed, doi, url)
        return record
    record.authors = _parse_authors(head["authors"], record.warnings)
    rest = head["rest"]
    for shape in SHAPES:
        if shape(rest, record):
            break
    else:
        record.title = rest
        record.warnings.append("could not classify this entry (not a journal article, thesis, book or report)")
    record.language = _language(printed, doi, url)
    return record


def _split_links(text: str) -> tuple[str, str, str]:
    """Peel trailing links off an entry: returns the remaining text, the DOI and the URL."""
    doi = url = ""
    while match := TRAILING_LINK.search(text):
        link = match["link"].rstrip(".")
        if resolver := DOI_RESOLVER.match(link):
            doi = doi or resolver["doi"]
        elif link.startswith("10."):
            doi = doi or link
        else:
            url = url or link
            if cnki := CNKI_DOI_LINK.match(link):
                doi = doi or cnki["doi"]
        text = text[: match.start()].rstrip()
    return text.rstrip(" ."), doi, url


def _parse_authors(text: str, warnings: list[str]) -> list[Name]:
    text = text.strip()
    et_al = ET_AL.search(text)
    if et_al:
        text = text[: et_al.start()].strip()
        warnings.append("the author list is abbreviated with 'et al.'")
    parts = [part.strip() for part in text.split(",") if part.strip()]
    people = [PERSON.match(part) for part in parts]
    if len(parts) == 1 and not people[0]:
        return [Name(literal=parts[0])]
    names = []
    for part, person in zip(parts, people, strict=True):
        if person:
            names.append(Name(family=person["family"], given=person["given"]))
        elif BARE_FAMILY.match(part):
            names.append(Name(family=part))
            warnings.append(f"author '{part}' has no initials")
        else:
            names.append(Name(literal=part))
    return names


def _journal_article(rest: str, record: ReferenceRecord) -> bool:
    match = JOURNAL.match(rest)
    if not match:
        return False
    record.type = "article-journal"
    _fill(record, match, "title", "container_title", "volume", "issue", "pages")
    record.year = int(match["year"])
    return True


def _thesis(rest: str, record: ReferenceRecord) -> bool:
    match = THESIS.match(rest)
    if not match:
        return False
    record.type = "thesis"
    record.genre = match["genre"].strip().lower().replace("’", "'")
    record.year = int(match["year"])
    _fill(record, match, "title")
    place, _, institution = match["publisher"].rpartition(":")
    record.publisher = institution.strip()
    record.publisher_place = place.strip()
    return True


def _book(rest: str, record: ReferenceRecord) -> bool:
    match = BOOK.match(rest)
    if not match:
        return False
    record.type = "book"
    _fill(record, match, "title", "publisher_place", "publisher")
    record.year = int(match["year"])
    return True


def _institutional_thesis(rest: str, record: ReferenceRecord) -> bool:
    match = INSTITUTIONAL_THESIS.match(rest)
    if not match:
        return False
    record.type = "thesis"
    _fill(record, match, "title", "publisher")
    record.year = int(match["year"])
    record.warnings.append("no thesis type is printed; classified as a thesis because it names an academic institution")
    return True


def _standalone(rest: str, record: ReferenceRecord) -> bool:
    match = STANDALONE.match(rest)
    if not match:
        return False
    _fill(record, match, "title")
    record.year = int(match["year"])
    if record.authors and all(name.is_organisation() for name in record.authors):
        record.type = "report"
    else:
        record.warnings.append("a standalone document by people: its type (report, web page, …) is not printed")
    return True


SHAPES: tuple[Callable[[str, ReferenceRecord], bool], ...] = (
    _journal_article,
    _thesis,
    _book,
    _institutional_thesis,
    _standalone,
)


def _fill(record: ReferenceRecord, match: re.Match, *names: str) -> None:
    for name in names:
        setattr(record, name, (match[name] or "").strip())


def _language(printed: str, doi: str, url: str) -> str:
    """Chinese when the text has Chinese characters or the work sits in a Chinese database; else unknown."""
    try:
        host = urlsplit(url).hostname or "" if url else ""
    except ValueError:  # e.g. "http://[" (an unclosed IPv6 bracket): no host to tell the language by
        host = ""
    if CJK.search(printed) or ".cnki." in doi.lower() or host.endswith(CHINESE_HOSTS):
        return "zh"
    return ""
