"""Field lengths the database can store, checked before an import writes anything."""

from literature.formats.record import ReferenceRecord
from literature.models import Author, Reference


def check_lengths(record: ReferenceRecord) -> None:
    """Refuse what the database could not store (PostgreSQL would fail the whole import)."""
    for field in ("container_title", "volume", "issue", "pages", "publisher", "publisher_place", "genre", "doi"):
        _check_length(Reference, field, getattr(record, field), field.replace("_", " "))
    _check_length(Reference, "url", record.url, "URL")
    _check_length(Reference, "language", record.language, "language")
    for position, name in enumerate(record.authors, start=1):
        for field in ("family", "given", "literal"):
            _check_length(Author, field, getattr(name, field), f"author {position}'s {field} name")


def _check_length(model_class, field: str, value: str, label: str) -> None:
    limit = model_class._meta.get_field(field).max_length
    if len(value) > limit:
        raise ValueError(f"the {label} is longer than {limit} characters")
