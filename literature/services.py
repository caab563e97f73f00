"""Writing imported records: one transaction, nothing written when anything fails."""

from dataclasses import dataclass

from django.db import transaction

from literature import audit
from literature.formats.limits import check_record
from literature.formats.record import ParseError, ReferenceRecord
from literature.models import Article, Author, Citation, Reference, title_key


@dataclass
class ImportOutcome:
    record: ReferenceRecord
    reference: Reference
    action: str  # "created", "updated", "unchanged", or "duplicate" (exists; left as it is)


@transaction.atomic
def references_import(
    *,
    records: list[ReferenceRecord],
    article: Article | None = None,
    dry_run: bool = False,
    user=None,
    update_existing: bool = True,
) -> list[ImportOutcome]:
    """Create or update a reference per record; with an article, cite each under its number.

    A record matches an existing reference when the article already cites one under the same
    number, or by DOI, or by normalised title + year + first author. Matched references are
    updated in place, so re-importing a list never duplicates it; with update_existing=False
    (instructors importing into the shared library) they are reported and left untouched.
    """
    problems = []
    for index, record in enumerate(records, start=1):
        try:  # every parser checks already; records built in code (or by a new format) are checked here too
            check_record(record)
        except ValueError as error:
            problems.append(f"entry {record.number or index} ({record.title[:40]!r}): {error}")
    if problems:
        raise ParseError(problems)
    outcomes = []
    for record in records:
        existing = _existing(record, article)
        if existing is not None and not update_existing:
            outcomes.append(ImportOutcome(record=record, reference=existing, action="duplicate"))
            continue
        if existing is None:
            reference = Reference(
                key=Reference.objects.free_key(
                    first_author=record.first_author_key(), year=record.year, title=record.title, wanted=record.key
                ),
                added_by=user,
            )
            action = "created"
        else:
            reference = existing
            unchanged = ReferenceRecord.from_reference(existing).bibliographic_data() == record.bibliographic_data()
            action = "unchanged" if unchanged else "updated"
        if action != "unchanged":
            _write(reference, record)
        outcomes.append(ImportOutcome(record=record, reference=reference, action=action))
    if article is not None:
        _cite(article, outcomes)
    if dry_run:
        transaction.set_rollback(True)
    else:
        # In the import's transaction: the references and their findings are committed together.
        audit.refresh(outcome.reference.pk for outcome in outcomes if outcome.action in ("created", "updated"))
    return outcomes


def _existing(record: ReferenceRecord, article: Article | None) -> Reference | None:
    if article is not None and record.number is not None:
        cited = Citation.objects.filter(article=article, number=record.number).select_related("reference").first()
        if cited and _same_work(cited.reference, record):
            return cited.reference
    if record.key:
        keyed = Reference.objects.filter(key=record.key).first()
        if keyed and _same_work(keyed, record):
            return keyed
    return (
        Reference.objects.matching(
            doi=record.doi, title=record.title, year=record.year, first_author=record.first_author_key()
        )
        .order_by("pk")
        .first()
    )


def _same_work(reference: Reference, record: ReferenceRecord) -> bool:
    """A corrected entry (a fixed link, a new DOI) is still the same work; a new title and DOI is not."""
    return (bool(record.doi) and reference.doi.lower() == record.doi.lower()) or reference.title_key == title_key(
        record.title
    )


def _write(reference: Reference, record: ReferenceRecord) -> None:
    for name, value in record.bibliographic_data().items():
        if name not in ("authors", "warnings"):
            setattr(reference, name, value)
    reference.review_notes = "\n".join(record.warnings)
    reference.needs_review = bool(record.warnings)
    reference.save()
    reference.authors.all().delete()
    Author.objects.bulk_create(
        Author(
            reference=reference,
            position=position,
            family=name.family,
            given=name.given,
            literal=name.literal,
            original=name.original,
        )
        for position, name in enumerate(record.authors, start=1)
    )
    reference.refresh_author_fields()


def _cite(article: Article, outcomes: list[ImportOutcome]) -> None:
    """Give each imported reference its number in the article, replacing what those numbers meant before."""
    numbered = [o for o in outcomes if o.record.number is not None]
    numbers = [o.record.number for o in numbered]
    references = [o.reference.pk for o in numbered]
    Citation.objects.filter(article=article, number__in=numbers).delete()
    Citation.objects.filter(article=article, reference__in=references).delete()
    Citation.objects.bulk_create(
        Citation(article=article, reference=o.reference, number=o.record.number) for o in numbered
    )
