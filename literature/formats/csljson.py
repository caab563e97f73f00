"""CSL-JSON (the Citation Style Language's data format, as read and written by Zotero and citeproc).

We keep what the site stores in standard CSL variables and put the two things CSL has no
variable for (the citation as printed, the importer's review notes) under "custom", the
schema's place for application data.
"""

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
}
HANDLED = {"id", "type", "author", "issued", "citation-number", "custom", *STRING_VARIABLES.values()}
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
    if not strings["title"]:
        raise ValueError("'title' is missing")
    custom = item.get("custom") or {}
    if not isinstance(custom, dict):
        raise ValueError("'custom' must be an object")
    notes = custom.get("review-notes", [])
    if not isinstance(notes, list) or not all(isinstance(note, str) for note in notes):
        raise ValueError("'custom.review-notes' must be a list of strings")
    ignored = sorted(set(item) - HANDLED)
    if ignored:
        notes = [*notes, f"fields not kept on import: {', '.join(ignored)}"]
    record = ReferenceRecord(
        type=item_type,
        authors=[_name_from_csl(name) for name in _list(item.get("author", []), "author")],
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
