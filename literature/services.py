"""Writing imported records: one transaction, nothing written when anything fails."""

import functools
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from literature import audit, bulk
from literature.formats.limits import check_record
from literature.formats.record import BIBLIOGRAPHIC_FIELDS, ParseError, ReferenceRecord
from literature.import_matching import BATCH, Library
from literature.models import Article, Author, Citation, LinkCheck, Reference, title_key
from literature.versioning import bulk_content_changed


@dataclass
class ImportOutcome:
    record: ReferenceRecord
    reference: Reference  # not saved (no pk) when a dry run would create it
    action: str  # "created", "updated", "unchanged", or "duplicate" (exists; left as it is)
    twin: int | None = None  # a duplicate of a reference an earlier entry of this list creates: that entry's index


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
    number, or by DOI, or by normalised title + year + first author (earlier entries of the same list
    included). Matched references are updated in place, so re-importing a list never duplicates it;
    with update_existing=False (instructors importing into the shared library) they are reported and
    left untouched.

    The entries are matched in memory against what a few queries per batch read (literature/
    import_matching.py) and written with bulk operations at the end, so the cost per entry is a
    fraction of a millisecond. A dry run decides the same way and writes nothing at all.
    """
    problems = []
    for index, record in enumerate(records, start=1):
        try:  # every parser checks already; records built in code (or by a new format) are checked here too
            check_record(record)
        except ValueError as error:
            problems.append(f"entry {record.number or index} ({record.title[:40]!r}): {error}")
    if problems:
        raise ParseError(problems)
    if connection.vendor == "postgresql":
        # Each batch runs the same statements with new values. Prepared (DATABASE_PREPARED_STATEMENTS), they would
        # soon get one generic plan, chosen from statistics that a growing library has outrun: a preview right
        # after a 10,000-entry import took 21 s instead of 6.5 s. Planned for their own values, in this import only.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
    library = Library(article, with_authors=update_existing)
    # The id, read once: request.user is a lazy object, whose every use (10,000 assignments) goes through a proxy.
    user_id = user.pk if user is not None else None
    choices = {"update_existing": update_existing, "dry_run": dry_run}
    outcomes, made_by = [], {}
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        library.load(batch)
        for index, record in enumerate(batch, start=start):
            outcomes.append(_decide(record, index, library, made_by, user_id=user_id, **choices))
    if not dry_run:
        written = _write(outcomes, library)
        cited = _cite(article, outcomes) if article is not None else []
        # Once for the whole import, as one save would (bulk writes send no signals).
        bulk_content_changed([*written, *cited])
        # In the import's transaction: the references and their findings are committed together.
        audit.refresh((), written=written)
        bulk.analyze_if_grown(Reference, len(written))
        bulk.analyze_if_grown(Author, sum(len(reference.audited_authors) for reference in written))
    return outcomes


def _decide(
    record, index, library: Library, made_by: dict, *, user_id: int | None, update_existing: bool, dry_run: bool
) -> ImportOutcome:
    existing = library.existing(record)
    if existing is not None and not update_existing:
        return ImportOutcome(record=record, reference=existing, action="duplicate", twin=made_by.get(id(existing)))
    if existing is None:
        reference = Reference(*_blank_reference())  # then filled in, like a new Reference(key=..., added_by=user)
        reference.key = library.free_key(record)
        reference.added_by_id = user_id
        _fill(reference, record, search_document=not dry_run)
        library.add(reference, list(record.authors))
        made_by[id(reference)] = index
        return ImportOutcome(record=record, reference=reference, action="created")
    if _data(existing, library.names[id(existing)]) == record.bibliographic_data():
        return ImportOutcome(record=record, reference=existing, action="unchanged")
    _fill(existing, record, search_document=not dry_run)
    library.changed(existing, list(record.authors))
    return ImportOutcome(record=record, reference=existing, action="updated")


@functools.cache
def _blank_reference() -> tuple:
    """A new Reference's field values, in field order: built from these positionally (as Model.from_db does), a
    reference takes a fifth of the time that keyword arguments and each field's default take."""
    return tuple(field.get_default() for field in Reference._meta.concrete_fields)


def _data(reference: Reference, names: list) -> dict:
    """What ReferenceRecord.from_reference(reference).bibliographic_data() gives, from the import's own copy."""
    data = {name: getattr(reference, name) for name in BIBLIOGRAPHIC_FIELDS}
    return {**data, "authors": list(names), "warnings": reference.review_note_list()}


def _fill(reference: Reference, record: ReferenceRecord, *, search_document: bool) -> None:
    """Set the reference's fields, and what save() and refresh_author_fields() make from them, from the record
    (the search document only when it will be written: a dry run shows no one the rest)."""
    for name in BIBLIOGRAPHIC_FIELDS:
        setattr(reference, name, getattr(record, name))
    reference.review_notes = "\n".join(record.warnings)
    reference.needs_review = bool(record.warnings)
    reference.title_key = title_key(reference.title)[:500]
    first = record.authors[0] if record.authors else None
    reference.first_author_key = (first.literal or first.family).casefold()[:200] if first else ""
    if search_document:
        reference.fill_search_document(authors=record.authors)  # Names have an Author's family, given and literal


def _author(reference: Reference, position: int, name) -> Author:
    # By id: assigning the object costs more than the insert, and the rows are only written.
    return Author(
        reference_id=reference.pk,
        position=position,
        family=name.family,
        given=name.given,
        literal=name.literal,
        original=name.original,
    )


UPDATED_FIELDS = [
    *BIBLIOGRAPHIC_FIELDS,
    *("review_notes", "needs_review", "title_key", "first_author_key", "search_title", "search_text", "updated"),
]


def _write(outcomes: list[ImportOutcome], library: Library) -> list[Reference]:
    """Write what the entries decided, in bulk: new references, changed ones, their authors. Returns them."""
    created = list({id(o.reference): o.reference for o in outcomes if o.action == "created"}.values())
    changed = {id(o.reference): o.reference for o in outcomes if o.action == "updated"}.values()
    changed = [r for r in changed if r.pk is not None]  # one made by this import is created with its last values
    if not created and not changed:
        return []
    # The search documents are filled (_fill): no need for Reference.objects.bulk_create's, nor its per-value work.
    bulk.insert(Reference, created, batch_size=BATCH)
    now = timezone.now()
    for reference in changed:
        reference.updated = now
    Reference.objects.bulk_update(changed, UPDATED_FIELDS, batch_size=BATCH)
    for start in range(0, len(changed), BATCH):
        # Without signals: the import bumps the content version once, below (an Author has no dependent rows).
        stale = Author.objects.filter(reference__in=[r.pk for r in changed[start : start + BATCH]])
        stale._raw_delete(stale.db)
    written = [*created, *changed]
    for reference in written:
        # Kept on the reference for the audit (audit.refresh), which then need not read them back.
        reference.audited_authors = [
            _author(reference, position, name) for position, name in enumerate(library.names[id(reference)], start=1)
        ]
        reference.audited_link_checks = []
    bulk.insert(Author, [author for reference in written for author in reference.audited_authors], batch_size=BATCH)
    checks = LinkCheck.objects.filter(reference__in=[reference.pk for reference in changed]) if changed else []
    for link_check in checks:  # a changed reference's earlier link checks (a new one has none)
        library.known[link_check.reference_id].audited_link_checks.append(link_check)
    return written


def _cite(article: Article, outcomes: list[ImportOutcome]) -> list[Citation]:
    """Give each imported reference its number in the article, replacing what those numbers meant before; the
    citations that already say so stay as they are."""
    wanted = {o.record.number: o.reference.pk for o in outcomes if o.record.number is not None}
    if not wanted:
        return []
    numbers, references = list(wanted), set(wanted.values())
    current, stale = set(), []
    for start in range(0, len(numbers), BATCH):
        batch_numbers = numbers[start : start + BATCH]
        batch_references = [wanted[number] for number in batch_numbers]
        for citation in Citation.objects.filter(article=article).filter(
            Q(number__in=batch_numbers) | Q(reference__in=batch_references)
        ):
            if wanted.get(citation.number) == citation.reference_id:
                current.add(citation.number)
            elif citation.number in wanted or citation.reference_id in references:
                stale.append(citation.pk)
    if stale:
        for start in range(0, len(stale), BATCH):
            # Without signals: the import bumps the content version once (the database's triggers keep
            # first_number).
            doomed = Citation.objects.filter(pk__in=stale[start : start + BATCH])
            doomed._raw_delete(doomed.db)
    new = [Citation(article=article, reference_id=pk, number=n) for n, pk in wanted.items() if n not in current]
    Citation.objects.bulk_create(new, batch_size=BATCH)
    return new or ([Citation(article=article)] if stale else [])
