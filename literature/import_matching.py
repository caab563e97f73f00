"""What an import needs to know about the library, read in a few queries per batch of entries.

The importer decides entry by entry whether a record is a reference already there (in the library, or made or
changed by an earlier entry of the same list) and which citation key a new one gets. Asking the database for each
entry made an import of 10,000 references run some 50,000 queries; here each batch of entries costs at most four
(the article's citations under their numbers, the references they could match with their authors, and the keys
their new references could collide with), and everything the import itself makes or changes is kept in memory.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.utils.text import slugify

from literature.formats.record import Name, ReferenceRecord
from literature.models import STOP_WORDS, Article, Author, Citation, Reference, title_key

BATCH = 500  # entries per look-up; keeps each query's parameters well under SQLite's limit


def work_key(reference: Reference) -> tuple:
    return (reference.title_key, reference.year, reference.first_author_key)


def record_work_key(record: ReferenceRecord) -> tuple:
    # Not cut to the column's 500 characters, as Reference.objects.matching() queries it.
    return (title_key(record.title), record.year, record.first_author_key().casefold())


def doi_spellings(doi: str) -> set[str]:
    """The DOI spellings a match uses the index for (DOIs are case-insensitive; see ReferenceQuerySet.matching)."""
    return {doi, doi.lower(), doi.upper()} if doi else set()


class Library:
    """The references an import can match, in pk order (references the import makes come after all others, in
    the order made, as their pks will), indexed the ways an entry matches one."""

    def __init__(self, article: Article | None, *, with_authors: bool):
        self.article = article
        self.with_authors = with_authors
        self.known: dict[int, Reference] = {}  # pk -> the one object the import reads and changes
        self.names: dict[int, list[Name]] = {}  # id(reference) -> its author list, as the import leaves it
        self.order: dict[int, int] = {}  # id(reference) -> sort position
        self.by_key: dict[str, Reference] = {}
        self.by_doi: dict[str, list[Reference]] = defaultdict(list)
        self.by_work: dict[tuple, list[Reference]] = defaultdict(list)
        self.cited: dict[int, Reference] = {}  # number in the article -> the reference cited under it
        self.keys_taken: set[str] = set()
        self.next_suffix: dict[str, int] = {}
        self.bases: dict[int, str] = {}  # id(record) -> its key base, made once (slugify is slow)
        self.made = 0

    # --- reading a batch -------------------------------------------------------------------------------------

    def load(self, records: list[ReferenceRecord]) -> None:
        """Read the references these records could match, the article's citations under their numbers and
        the citation keys their new references could take."""
        numbers = [r.number for r in records if r.number is not None]
        if self.article is not None and numbers:
            citations = Citation.objects.filter(article=self.article, number__in=numbers).select_related("reference")
            citations = list(citations)
            self._remember([c.reference for c in citations])
            for citation in citations:
                self.cited[citation.number] = self.known[citation.reference_id]
        keys = {r.key for r in records if r.key}
        works = {title_key(r.title) for r in records}
        dois = set().union(*(doi_spellings(r.doi) for r in records))
        candidates = Reference.objects.filter(Q(key__in=keys) | Q(title_key__in=works) | Q(doi__in=dois))
        self._remember(list(candidates))
        self._load_taken_keys(records)

    def _remember(self, references: list[Reference]) -> None:
        new = [r for r in references if r.pk not in self.known]
        if self.with_authors and new:  # to tell an updated entry from an unchanged one
            authors = defaultdict(list)
            for author in Author.objects.filter(reference__in=[r.pk for r in new]):
                authors[author.reference_id].append(Name(author.family, author.given, author.literal))
        for reference in sorted(new, key=lambda r: r.pk):
            self.known[reference.pk] = reference
            self.order[id(reference)] = reference.pk
            if self.with_authors:
                self.names[id(reference)] = authors.get(reference.pk, [])
            self._index(reference)
            self.keys_taken.add(reference.key)

    def _load_taken_keys(self, records: list[ReferenceRecord]) -> None:
        wanted = {slugify(r.key) for r in records if r.key} - {""}
        for record in records:
            self.bases[id(record)] = self._base(record)
        bases = sorted({self.bases[id(r)] for r in records} - set(self.next_suffix))
        for base in bases:
            self.next_suffix[base] = 1
        if not wanted and not bases:
            return
        # A range per base on the unique index (as ReferenceQuerySet.free_key), in SQL written here: Django takes
        # longer to compile 500 OR'ed lookups than the database takes to answer them.
        key = connection.ops.quote_name("key")
        conditions = [f"{key} IN ({', '.join(['%s'] * len(wanted))})"] if wanted else []
        conditions += [f"({key} >= %s AND {key} <= %s)"] * len(bases)
        params = [*wanted, *(bound for base in bases for bound in (base, base + "\x7f"))]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {key} FROM {Reference._meta.db_table} WHERE {' OR '.join(conditions)}", params)
            self.keys_taken.update(row[0] for row in cursor.fetchall())

    # --- matching -------------------------------------------------------------------------------------------

    def existing(self, record: ReferenceRecord) -> Reference | None:
        """The reference this record is, by the rules of services.references_import."""
        if record.number is not None and (cited := self.cited.get(record.number)) and _same_work(cited, record):
            return cited
        if record.key and (keyed := self.by_key.get(record.key)) and _same_work(keyed, record):
            return keyed
        spellings = doi_spellings(record.doi)
        found = [r for spelling in spellings for r in self.by_doi.get(spelling, ()) if r.doi in spellings]
        work = record_work_key(record)
        found += [r for r in self.by_work.get(work, ()) if work_key(r) == work]
        return min(found, key=lambda r: self.order[id(r)], default=None)

    # --- what the import makes and changes ------------------------------------------------------------------

    def add(self, reference: Reference, names: list[Name]) -> None:
        """A reference this import makes; later entries can match it."""
        self.made += 1
        self.order[id(reference)] = 2**63 + self.made  # after every pk, in the order made
        self.names[id(reference)] = names
        self._index(reference)

    def changed(self, reference: Reference, names: list[Name]) -> None:
        """A reference whose fields the import changed: index it under its new values too (stale entries are
        checked against the current values when matched)."""
        self.names[id(reference)] = names
        self._index(reference)

    def _index(self, reference: Reference) -> None:
        self.by_key.setdefault(reference.key, reference)
        if reference.doi and reference not in self.by_doi[reference.doi]:
            self.by_doi[reference.doi].append(reference)
        if reference not in self.by_work[work_key(reference)]:
            self.by_work[work_key(reference)].append(reference)

    def free_key(self, record: ReferenceRecord) -> str:
        """A readable citation key, as ReferenceQuerySet.free_key gives, free in the library and in this import."""
        wanted = slugify(record.key) if record.key else ""
        if wanted and wanted not in self.keys_taken:
            key = wanted[:80]
        else:
            base = self.bases.get(id(record)) or self._base(record)
            suffix = self.next_suffix.get(base, 1)
            key = base if suffix == 1 else f"{base}-{suffix}"
            while key in self.keys_taken:
                suffix += 1
                key = f"{base}-{suffix}"
            self.next_suffix[base] = suffix
        self.keys_taken.add(key)
        return key

    @staticmethod
    def _base(record: ReferenceRecord) -> str:
        # A wanted key that slugifies to nothing fell through to Reference.save(), which named no author yet.
        anonymous = bool(record.key) and not slugify(record.key)
        author = "" if anonymous else slugify(record.first_author_key().split(" ")[0])
        words = [word for word in slugify(record.title).split("-") if word not in STOP_WORDS]
        return f"{author or 'anon'}{record.year or ''}{words[0] if words else ''}"[:70]


def _same_work(reference: Reference, record: ReferenceRecord) -> bool:
    """A corrected entry (a fixed link, a new DOI) is still the same work; a new title and DOI is not."""
    return (bool(record.doi) and reference.doi.lower() == record.doi.lower()) or reference.title_key == title_key(
        record.title
    )
