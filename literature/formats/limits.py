"""What the database can store and the site may link to, checked before an import writes anything.

Every importer runs check_record on every entry, so an import that would put a value into the library that
PostgreSQL refuses, or a link that is not a web address, stops with the entry named and nothing written.
"""

import dataclasses
import functools
import re

from lbc_site.rules import SMALLINT_MAX, is_web_url, text_problem
from literature.formats.record import ReferenceRecord
from literature.models import Author, Reference

# A DOI printed where a link belongs ("doi:10.1000/xyz" or a bare "10.1000/xyz"): kept as the DOI.
DOI_AS_LINK = re.compile(r"^(?:doi:\s*)?(?P<doi>10\.\d{4,9}/\S+)$", re.IGNORECASE)


def check_record(record: ReferenceRecord) -> None:
    """Refuse what the database could not store or the site must not link to (raises ValueError saying what)."""
    if match := DOI_AS_LINK.match(record.url.strip()):
        record.doi = record.doi or match["doi"]
        record.url = ""
    check_lengths(record)
    unstorable = _has_unstorable_text(record)  # rare: only then look for the field to name
    if unstorable:
        _check_texts(record)
    for position, name in enumerate(record.authors, start=1):
        if unstorable:
            for part in (name.family, name.given, name.literal, name.original):
                if problem := text_problem(part):
                    raise ValueError(f"author {position}: {problem}")
        if not (name.family and not name.literal) and not (name.literal and not name.family and not name.given):
            # Author's database constraint (author_person_or_organisation), checked before the bulk write.
            raise ValueError(f"author {position}: give either a family name (a person) or an organisation name")
    if record.url and not is_web_url(record.url):
        raise ValueError(f"the link {record.url[:60]!r} is not a web address (only http:// and https:// are kept)")
    if record.year is not None and not 0 <= record.year <= SMALLINT_MAX:
        raise ValueError(f"the year {record.year} is out of range")
    if record.number is not None and not 1 <= record.number <= SMALLINT_MAX:
        raise ValueError(f"the number {record.number} is out of range (1 to {SMALLINT_MAX})")


def _texts(record: ReferenceRecord) -> list[tuple[str, list]]:
    """Each field of the record holding text, with its texts (a list's strings; an author list has none)."""
    found = []
    for field in _record_fields():
        value = getattr(record, field)
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        found.append((field, [text for text in texts if isinstance(text, str)]))
    return found


def _has_unstorable_text(record: ReferenceRecord) -> bool:
    # One look over all the record's text at once: an import checks every entry, most have nothing to find.
    parts = []
    for value in vars(record).values():
        if type(value) is str:
            parts.append(value)
        elif type(value) is list:
            parts += [item for item in value if type(item) is str]
    parts += [part for name in record.authors for part in (name.family, name.given, name.literal, name.original)]
    return bool(text_problem("\n".join(parts)))


def _check_texts(record: ReferenceRecord) -> None:
    for field, texts in _texts(record):
        for text in texts:
            if problem := text_problem(text):
                raise ValueError(f"the {field.replace('_', ' ')}: {problem}")


@functools.cache
def _record_fields() -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(ReferenceRecord))


REFERENCE_LENGTH_LABELS = {
    **{
        field: field.replace("_", " ")
        for field in (
            "container_title",
            "original_container_title",
            "volume",
            "issue",
            "pages",
            "publisher",
            "publisher_place",
            "genre",
            "doi",
        )
    },
    "url": "URL",
    "language": "language",
}
AUTHOR_LENGTH_FIELDS = ("family", "given", "literal", "original")


@functools.cache
def _limits() -> tuple[tuple[tuple[str, int, str], ...], tuple[tuple[str, int], ...]]:
    """The column widths to check, read once from the models."""
    reference = tuple(
        (field, Reference._meta.get_field(field).max_length, label) for field, label in REFERENCE_LENGTH_LABELS.items()
    )
    author = tuple((field, Author._meta.get_field(field).max_length) for field in AUTHOR_LENGTH_FIELDS)
    return reference, author


def check_lengths(record: ReferenceRecord) -> None:
    """Refuse what the database could not store (PostgreSQL would fail the whole import)."""
    reference_limits, author_limits = _limits()
    for field, limit, label in reference_limits:
        if len(getattr(record, field)) > limit:
            raise ValueError(f"the {label} is longer than {limit} characters")
    for position, name in enumerate(record.authors, start=1):
        for field, limit in author_limits:
            if len(getattr(name, field)) > limit:
                raise ValueError(f"the author {position}'s {field} name is longer than {limit} characters")
