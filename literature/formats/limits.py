"""What the database can store and the site may link to, checked before an import writes anything.

Every importer runs check_record on every entry, so an import that would put a value into the library that
PostgreSQL refuses, or a link that is not a web address, stops with the entry named and nothing written.
"""

import dataclasses
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
    for field in dataclasses.fields(record):
        value = getattr(record, field.name)
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        for text in texts:
            if isinstance(text, str) and (problem := text_problem(text)):
                raise ValueError(f"the {field.name.replace('_', ' ')}: {problem}")
    for position, name in enumerate(record.authors, start=1):
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


def check_lengths(record: ReferenceRecord) -> None:
    """Refuse what the database could not store (PostgreSQL would fail the whole import)."""
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
    ):
        _check_length(Reference, field, getattr(record, field), field.replace("_", " "))
    _check_length(Reference, "url", record.url, "URL")
    _check_length(Reference, "language", record.language, "language")
    for position, name in enumerate(record.authors, start=1):
        for field in ("family", "given", "literal", "original"):
            _check_length(Author, field, getattr(name, field), f"author {position}'s {field} name")


def _check_length(model_class, field: str, value: str, label: str) -> None:
    limit = model_class._meta.get_field(field).max_length
    if len(value) > limit:
        raise ValueError(f"the {label} is longer than {limit} characters")
