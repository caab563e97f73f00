"""CSL-JSON (the Citation Style Language's data format, as read and written by Zotero and citeproc).

We keep what the site stores in standard CSL variables and put the two things CSL has no
variable for (the citation as printed, the importer's review notes) under "custom", the
schema's place for application data.

Original-language metadata: the title in CSL's `original-title`; the journal in `original-container-title`
(not a CSL 1.0.2 variable: readers that do not know it pass it over); the author names in CSL's
`original-author`, one name per author in the same order, written only when some author has an original
name (an author without one repeats the romanised name, which is how the importer tells them apart).
"""

import dataclasses
import json

from literature.formats.limits import check_record
from literature.formats.record import Name, ParseError, ReferenceRecord
from literature.models import ReferenceType

# Our record field -> CSL-JSON variable, for plain string variables.
STRING_VARIABLES = {
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "genre": "genre",
    "doi": "DOI",
    "url": "URL",
    "language": "language",
    "original_title": "original-title",
    "original_container_title": "original-container-title",
}
HANDLED = {"id", "type", "author", "original-author", "issued", "citation-number", "custom", *STRING_VARIABLES.values()}
KNOWN_TYPES = set(ReferenceType.values)


def record_to_csl(record: ReferenceRecord, *, number: int | None = None) -> dict:
    item: dict = {"id": record.key, "type": record.type}
    if number is not None:
        item["citation-number"] = number
    for field, variable in STRING_VARIABLES.items():
        value = getattr(record, field)
        if value:
            item[variable] = value
    if record.authors:
        item["author"] = [_name_to_csl(name) for name in record.authors]
        if any(name.original for name in record.authors):
            item["original-author"] = [_original_to_csl(name) for name in record.authors]
    if record.year:
        item["issued"] = {"date-parts": [[record.year]]}
    custom = {}
    if record.citation_text:
        custom["citation-text"] = record.citation_text
    if record.warnings:
        custom["review-notes"] = list(record.warnings)
    if custom:
        item["custom"] = custom
    return item


def dumps(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def parse(text: str) -> list[ReferenceRecord]:
    """Parse a CSL-JSON array; raise ParseError naming each entry that is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ParseError([f"line {error.lineno}, column {error.colno}: invalid JSON ({error.msg})"]) from None
    except RecursionError:
        raise ParseError(["the JSON is nested too deeply to be CSL-JSON"]) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ParseError(["expected a JSON array of CSL-JSON items"])
    if not data:
        raise ParseError(["the file holds no items"])
    records, problems = [], []
    for index, item in enumerate(data, start=1):
        try:
            records.append(_item_to_record(item))
        except ValueError as error:
            label = f"entry {index}"
            if isinstance(item, dict) and isinstance(item.get("id"), str | int):
                label += f" (id {item['id']!r})"
            problems.append(f"{label}: {error}")
    if problems:
        raise ParseError(problems)
    return records


def _item_to_record(item) -> ReferenceRecord:
    if not isinstance(item, dict):
        raise ValueError("expected an object")
    item_type = item.get("type")
    if not isinstance(item_type, str) or item_type not in KNOWN_TYPES:
        raise ValueError(f"unknown or missing type {item_type!r}")
    strings = {}
    for field, variable in STRING_VARIABLES.items():
        value = item.get(variable, "")
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ValueError(f"'{variable}' must be a string")
        strings[field] = value.strip()
    untranslated = not strings["title"] and bool(strings["original_title"])
    if untranslated:
        strings["title"] = strings["original_title"]  # shown and cited until someone adds the English title
    if not strings["title"]:
        raise ValueError("'title' is missing")
    custom = item.get("custom") or {}
    if not isinstance(custom, dict):
        raise ValueError("'custom' must be an object")
    notes = custom.get("review-notes", [])
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ValueError("'custom.review-notes' must be a list of strings")
    if untranslated:
        notes = [*notes, "no English title: the original title stands in for it until one is added"]
    authors = [_name_from_csl(name) for name in _list(item.get("author", []), "author")]
    originals = item.get("original-author")
    if isinstance(originals, list) and len(originals) != len(authors):
        notes = [*notes, f"original-author not kept: {len(originals)} name(s) for {len(authors)} author(s)"]
    ignored = sorted(set(item) - HANDLED)
    if ignored:
        notes = [*notes, f"fields not kept on import: {', '.join(ignored)}"]
    record = ReferenceRecord(
        type=item_type,
        authors=_with_originals(authors, item.get("original-author")),
        year=_year(item.get("issued")),
        citation_text=str(custom.get("citation-text", "")),
        number=_number(item.get("citation-number")),
        key=str(item.get("id", "")),
        warnings=notes,
        **strings,
    )
    check_record(record)
    return record


def _name_to_csl(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    data = {"family": name.family}
    if name.given:
        data["given"] = name.given
    return data


def _original_to_csl(name: Name) -> dict:
    """An author's original-script name for `original-author`: "蔡佳" as a family name (CSL processors print a
    CJK family name whole), "欧阳 修" split at the space, an organisation as a literal."""
    if not name.original:
        return _name_to_csl(name)
    if name.literal:
        return {"literal": name.original}
    family, _, given = name.original.partition(" ")
    return {"family": family, "given": given.strip()} if given.strip() else {"family": family}


def _with_originals(authors: list[Name], originals) -> list[Name]:
    """The authors with their names from `original-author` (same order); a name equal to the author's own is no
    original name, and a list of another length is not read as one."""
    if originals is None:
        return authors
    originals = [_name_from_csl(name) for name in _list(originals, "original-author")]
    if len(originals) != len(authors):
        return authors  # another program's use of the variable (a translated work's author): see _item_to_record
    result = []
    for author, original in zip(authors, originals, strict=True):
        if original == author:
            result.append(author)
        else:
            text = original.literal or " ".join(part for part in (original.family, original.given) if part)
            result.append(dataclasses.replace(author, original=text))
    return result


def _name_from_csl(data) -> Name:
    if not isinstance(data, dict):
        raise ValueError("each author must be an object")
    values = {key: data.get(key, "") for key in ("family", "given", "literal")}
    if not all(isinstance(value, str) for value in values.values()):
        raise ValueError("author names must be strings")
    if values["literal"].strip():
        return Name(literal=values["literal"].strip())
    if not values["family"].strip():
        raise ValueError("an author has neither 'family' nor 'literal'")
    return Name(family=values["family"].strip(), given=values["given"].strip())


def _list(value, variable: str) -> list:
    if not isinstance(value, list):
        raise ValueError(f"'{variable}' must be a list")
    return value


def _year(issued) -> int | None:
    if issued is None:
        return None
    if not isinstance(issued, dict):
        raise ValueError("'issued' must be an object")
    parts = issued.get("date-parts")
    if parts is not None:
        if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
            raise ValueError("'issued.date-parts' must look like [[2024]]")
        try:
            year = int(parts[0][0])
        except (TypeError, ValueError, OverflowError):
            raise ValueError("'issued.date-parts' must look like [[2024]]") from None
    else:
        raw = str(issued.get("raw") or issued.get("literal") or "")
        digits = raw.strip()[:4]
        if not digits.isdigit():
            raise ValueError("'issued' has no year")
        year = int(digits)
    if not 1000 <= year <= 2999:
        raise ValueError(f"year {year} is out of range")
    return year


def _number(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"'citation-number' must be a whole number, got {value!r}") from None
    if number < 1:
        raise ValueError("'citation-number' must be 1 or more")
    return number
