"""Reference-quality audit: a registry of small checks, each saying what is wrong with one reference.

A check is a function `(reference, context) -> iterable of Problem`, registered with @check; the
order of registration is the order findings are listed in. `run()` applies every check and stores
the findings (AuditFinding), replacing those of the references it audited.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import Truncator

from literature import linkcheck
from literature.links import repaired_url
from literature.models import (
    LINK_KINDS,
    AuditFinding,
    ContentVersion,
    FindingKind,
    LinkCheck,
    LinkError,
    LinkKind,
    Reference,
    ReferenceType,
    Severity,
)


@dataclass(frozen=True)
class Problem:
    kind: str
    severity: str
    message: str
    link: str = ""  # for link findings: which link (LinkKind), so pages can mark that one
    proposed_url: str = ""  # for a malformed link the audit can mend: the repaired address


@dataclass
class Context:
    """What the checks know beyond the reference itself: every reference's DOI and work key, and labels."""

    by_doi: dict[str, set[int]]
    by_work: dict[tuple, set[int]]
    labels: dict[int, str]
    same_as: dict[int, set[int]]  # each reference's possible duplicates (same DOI or same work), itself included

    @classmethod
    def build(cls, around: Collection[int] | None = None) -> "Context":
        """What the checks need to audit the references `around` (their possible duplicates and those ones'
        labels), read in a few queries per thousand of them; by default, the whole library."""
        columns = ("pk", "key", "doi", "title_key", "year", "first_author_key", "first_number")
        rows = Reference.objects.values_list(*columns) if around is None else _rows_around(sorted(around), columns)
        by_doi, by_work, labels, groups = defaultdict(set), defaultdict(set), {}, {}
        for pk, key, doi, title, year, first_author, number in rows:
            groups[pk] = []
            if doi:
                by_doi[doi.casefold()].add(pk)
                groups[pk].append(by_doi[doi.casefold()])
            if title:
                by_work[(title, year, first_author)].add(pk)
                groups[pk].append(by_work[(title, year, first_author)])
            # first_number: the lowest number any article cites the reference under (kept by the database).
            labels[pk] = f"reference [{number}]" if number is not None else f"reference “{key}”"
        same_as = {pk: set().union({pk}, *sets) for pk, sets in groups.items()}
        return cls(by_doi=by_doi, by_work=by_work, labels=labels, same_as=same_as)


def _rows_around(pks: list[int], columns: tuple[str, ...]) -> list[tuple]:
    """The rows of these references and of every reference with the same DOI (in any case) or the same title
    key: all that a duplicate check of them compares, on indexes (migration 0013), however large the library."""
    found = {}
    for start in range(0, len(pks), AUDIT_BATCH):
        own = list(Reference.objects.filter(pk__in=pks[start : start + AUDIT_BATCH]).values_list(*columns))
        titles = {row[3] for row in own if row[3]}
        # LOWER() is ASCII-only on SQLite and Unicode on PostgreSQL: ask for both; casefold() decides in build().
        dois = {spelling for row in own if row[2] for spelling in (row[2].lower(), _ascii_lower(row[2]))}
        same = Reference.objects.alias(doi_lower=Lower("doi")).filter(Q(title_key__in=titles) | Q(doi_lower__in=dois))
        for row in (*own, *same.values_list(*columns)):
            found[row[0]] = row
    return list(found.values())


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _ascii_lower(text: str) -> str:
    return text.translate(ASCII_LOWER)


@dataclass
class ReferenceReport:
    reference: Reference
    number: int | None  # its number in the article that cites it, when one does
    problems: list[Problem]


Check = Callable[[Reference, Context], Iterable[Problem]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


def run(references: QuerySet | None = None, context: Context | None = None) -> list[ReferenceReport]:
    """Audit the references (all of them by default), store the findings and return every reference's report."""
    references = Reference.objects.all() if references is None else references
    context = context or Context.build()
    # Into lists (to_attr): Django's prefetch otherwise builds two querysets per reference, a good part of the
    # cost of auditing the thousands of references an import writes.
    audited = references.in_article_order().prefetch_related(
        Prefetch("authors", to_attr="audited_authors"), Prefetch("link_checks", to_attr="audited_link_checks")
    )
    return _audit(list(audited), references, context)


def _audit(audited: list[Reference], references: QuerySet, context: Context) -> list[ReferenceReport]:
    """Apply every check to the references (`audited`, with their `audited_authors` and `audited_link_checks`,
    which `references` selects) and store the findings in place of theirs."""
    reports = [
        ReferenceReport(
            reference=reference,
            number=reference.first_number,
            problems=[problem for audit_check in CHECKS for problem in audit_check(reference, context)],
        )
        for reference in audited
    ]
    findings = [
        AuditFinding(
            reference=report.reference,
            kind=p.kind,
            severity=p.severity,
            message=p.message,
            link=p.link,
            proposed_url=p.proposed_url,
        )
        for report in reports
        for p in report.problems
    ]
    with transaction.atomic():
        before = AuditFinding.objects.filter(reference__in=references.values("pk")).link_state_rows()
        AuditFinding.objects.replace_for(references, findings)
        after = {(f.reference.pk, f.link) for f in findings if f.kind in LINK_KINDS}
        if before != after:
            # Pages mark links the audit finds broken: a change in that is a change in what they show.
            ContentVersion.bump(ContentVersion.LIBRARY)
    return reports


AUDIT_BATCH = 1000


def refresh(changed: Iterable[int], *, written: Iterable[Reference] = ()) -> None:
    """Audit again what a change to these references (saved, imported or deleted) can have changed.

    Called at the end of every write path (imports, the admin), so the findings are never stale or missing.
    Only a duplicate check looks beyond its own reference, so besides the changed references this audits
    their possible duplicates now, and every reference holding a duplicate finding (its partner may have
    changed or gone). It reads only those references and theirs, never the whole library: saving one reference
    audits a handful, an import of thousands about as many as it wrote, in a library of any size.

    `written`: changed references the caller holds as written, with their authors in `audited_authors` and
    their link checks in `audited_link_checks` (an import's thousands): audited without reading them back.
    """
    loaded = {reference.pk: reference for reference in written}
    changed = set(changed) | set(loaded)
    partners = Context.build(around=changed).same_as
    pks = {pk for changed_pk in changed for pk in partners.get(changed_pk, ())}
    pks |= set(AuditFinding.objects.filter(kind=FindingKind.DUPLICATE).values_list("reference", flat=True))
    context = Context.build(around=pks)  # the partners' own possible duplicates too
    in_memory = sorted(pks & set(loaded))
    for start in range(0, len(in_memory), AUDIT_BATCH):  # bounded memory and query parameters
        batch = in_memory[start : start + AUDIT_BATCH]
        _audit([loaded[pk] for pk in batch], Reference.objects.filter(pk__in=batch), context)
    rest = sorted(pks - set(loaded))
    for start in range(0, len(rest), AUDIT_BATCH):
        run(Reference.objects.filter(pk__in=rest[start : start + AUDIT_BATCH]), context=context)


# --- links ---------------------------------------------------------------------------------------------

# A query value with "=name=" inside it: the "&" between two parameters was lost, as in CNKI links
# printed as "…=uniplatform=NZKPTlanguage=CHS". (Trailing "=" or "==" alone is base64 padding: fine.)
RUN_TOGETHER = re.compile(r"=+[A-Za-z_][\w.\-]*=")


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "…"


def _spaces(url: str) -> str:
    if re.search(r"\s", url):
        return "The link contains spaces, so it breaks where the space is. Remove them or copy the link again."
    return ""


def _scheme_and_host(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return "The link cannot be read as a web address. Copy it again from the source."
    if parts.scheme.lower() not in ("http", "https"):
        return f"The link “{_short(url)}” does not start with http:// or https://, so browsers will not open it."
    if not parts.hostname:
        return f"The link “{_short(url)}” names no website (nothing after “{parts.scheme}://”)."
    return ""


def _run_together_query(url: str) -> str:
    for parameter in urlsplit(url).query.split("&"):
        _, _, value = parameter.partition("=")
        if match := RUN_TOGETHER.search(value):
            fragment = value[match.start() :]
            fragment = fragment if len(fragment) <= 60 else fragment[:57] + "…"
            return (
                f"The link's query string has lost its “&” separators (“{fragment}”), so it will probably not "
                "open the record. Find the record again in the database and copy its link."
            )
    return ""


URL_RULES: tuple[Callable[[str], str], ...] = (_spaces, _scheme_and_host, _run_together_query)


@check
def malformed_url(reference: Reference, context: Context) -> Iterator[Problem]:
    if not reference.url:
        return
    for rule in URL_RULES:
        if message := rule(reference.url):
            proposed = repaired_url(reference.url) if rule is _run_together_query else ""
            yield Problem(FindingKind.MALFORMED_URL, Severity.ERROR, message, LinkKind.URL, proposed)
            if rule is _scheme_and_host:
                return  # without a scheme and host, the rest of the URL means nothing


# --- DOIs and other identifiers --------------------------------------------------------------------------

DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@check
def doi_syntax(reference: Reference, context: Context) -> Iterator[Problem]:
    doi = reference.doi
    if not doi or DOI.match(doi):
        return
    if re.match(r"^(?:https?://)?(?:dx\.)?doi\.org/|^doi:", doi, re.IGNORECASE):
        message = f"Store the DOI name only (10.NNNN/…), without “doi:” or the resolver: “{doi}”."
    else:
        message = f"“{doi}” is not a DOI. A DOI starts with “10.”, a registrant number of 4 to 9 digits and “/”."
    yield Problem(FindingKind.DOI_SYNTAX, Severity.ERROR, message)


# Which real identifiers carry a year, decided from the ones in the article's list: CNKI DOIs
# (…/j.cnki.… for journals, …/d.cnki.… for theses) give the publication year (journal issue, or the
# year the thesis was deposited) as the first part after ".cnki." that is a year: "2023", "d2024"
# (a letter before it) or "20240005" (an issue number after it). Other DOIs, such as Wanfang's
# 10.7666/d.y1899646, carry no year: their digits are never read as one.
CNKI_DOI = re.compile(r"^10\.\d{4,9}/[a-z]\.cnki\.(?P<rest>.+)$", re.IGNORECASE)
CNKI_YEAR_PART = re.compile(r"^[a-z]?(?P<year>(?:19|20)\d{2})(?:\d{4})?$", re.IGNORECASE)
CNKI_DOI_LINK = re.compile(r"^https?://link\.cnki\.net/doi/(?P<doi>10\.[^?#\s]+)", re.IGNORECASE)


def identifier_year(doi: str) -> int | None:
    """The year a DOI carries, for the schemes known to carry one; None otherwise."""
    match = CNKI_DOI.match(doi)
    if not match:
        return None
    for part in re.split(r"[./]", match["rest"]):
        if year := CNKI_YEAR_PART.match(part):
            return int(year["year"])
    return None


def _identifiers(reference: Reference) -> list[str]:
    """The reference's DOI, and the DOI inside a link.cnki.net/doi/ link when that is another one."""
    found = [reference.doi] if reference.doi else []
    if (link := CNKI_DOI_LINK.match(reference.url)) and link["doi"].casefold() != reference.doi.casefold():
        found.append(link["doi"])
    return found


@check
def identifier_year_disagrees(reference: Reference, context: Context) -> Iterator[Problem]:
    if not reference.year:
        return
    record = "thesis record" if reference.type == ReferenceType.THESIS else "journal issue"
    for doi in _identifiers(reference):
        year = identifier_year(doi)
        if year and year != reference.year:
            yield Problem(
                FindingKind.IDENTIFIER_YEAR,
                Severity.WARNING,
                f"The DOI {doi} carries the year {year}, but the reference gives {reference.year}. One of them is "
                f"wrong: check the year on the {record}, then correct the year or the DOI.",
            )


@check
def missing_identifier(reference: Reference, context: Context) -> Iterator[Problem]:
    if not reference.doi and not reference.url:
        yield Problem(
            FindingKind.MISSING_IDENTIFIER,
            Severity.WARNING,
            "No DOI and no link: students cannot open this work from the reading list. Add its DOI, or the URL "
            "of its record in a database (CNKI or Wanfang for a Chinese thesis or article).",
        )


# --- authors ---------------------------------------------------------------------------------------------


@check
def incomplete_author(reference: Reference, context: Context) -> Iterator[Problem]:
    for author in reference.audited_authors:
        if author.family and not author.literal and not author.given:
            yield Problem(
                FindingKind.INCOMPLETE_AUTHOR,
                Severity.WARNING,
                f"Author {author.position}, “{author.family}”, has only a family name: add the given name or "
                "initials from the original publication.",
            )


# --- type labels -----------------------------------------------------------------------------------------

# Titles of professional master's degree reports (e.g. MTI translation practice reports), which are
# never doctoral dissertations.
MASTERS_REPORT_TITLE = re.compile(
    r"\bpracti(?:ce|cal) report\b|\b(?:translation|interpreting) report\b"
    r"|\breport on (?:the )?(?:translation|interpreting|interpretation)\b",
    re.IGNORECASE,
)
JOURNAL_TYPES = {ReferenceType.ARTICLE_JOURNAL, ReferenceType.ARTICLE_MAGAZINE}
# What a DOI or URL says the work is: (pattern, the types it fits, what it is, in words).
IDENTIFIER_SIGNALS = (
    (re.compile(r"\b10\.\d{4,9}/d\.cnki\.", re.I), {ReferenceType.THESIS}, "a CNKI thesis DOI (d.cnki)"),
    (re.compile(r"\b10\.\d{4,9}/j\.cnki\.", re.I), JOURNAL_TYPES, "a CNKI journal DOI (j.cnki)"),
    (re.compile(r"\b10\.7666/d\.", re.I), {ReferenceType.THESIS}, "a Wanfang thesis DOI (10.7666/d.)"),
    (re.compile(r"wanfangdata\.com\.cn/thesis/", re.I), {ReferenceType.THESIS}, "a Wanfang thesis record"),
    (re.compile(r"wanfangdata\.com\.cn/periodical/", re.I), JOURNAL_TYPES, "a Wanfang journal record"),
)


def _doctoral_masters_report(reference: Reference) -> str:
    if "doctor" in reference.genre.lower() and MASTERS_REPORT_TITLE.search(reference.title):
        return (
            f"Labelled a {reference.genre}, but its title (“{Truncator(reference.title).words(8)}”) is that of a "
            "practice report, "
            "which is written for a professional master's degree. Check the degree on the thesis record."
        )
    return ""


def _identifier_says_otherwise(reference: Reference) -> str:
    for pattern, fitting_types, what in IDENTIFIER_SIGNALS:
        for name, value in (("DOI", reference.doi), ("link", reference.url)):
            if value and pattern.search(value) and reference.type not in fitting_types:
                return (
                    f"Labelled “{reference.get_type_display()}”, but its {name} is {what}. "
                    "Correct the type, or the identifier if it belongs to another work."
                )
    return ""


def _journal_without_journal(reference: Reference) -> str:
    if reference.type in JOURNAL_TYPES and not reference.container_title.strip():
        return "Labelled a journal article, but no journal is given. Add the journal name as printed."
    return ""


TYPE_RULES: tuple[Callable[[Reference], str], ...] = (
    _doctoral_masters_report,
    _identifier_says_otherwise,
    _journal_without_journal,
)


@check
def type_mismatch(reference: Reference, context: Context) -> Iterator[Problem]:
    for rule in TYPE_RULES:
        if message := rule(reference):
            yield Problem(FindingKind.TYPE_MISMATCH, Severity.WARNING, message)


# --- duplicates and the importer's flags -----------------------------------------------------------------


@check
def duplicate(reference: Reference, context: Context) -> Iterator[Problem]:
    same_doi = context.by_doi.get(reference.doi.casefold(), set()) if reference.doi else set()
    same_work = context.by_work.get((reference.title_key, reference.year, reference.first_author_key), set())
    for other in sorted((same_doi | same_work) - {reference.pk}, key=lambda pk: context.labels[pk]):
        why = "the same DOI" if other in same_doi else "the same title, year and first author"
        yield Problem(
            FindingKind.DUPLICATE,
            Severity.ERROR,
            f"Same work as {context.labels[other]} ({why}). Keep one of the two and use it in courses.",
        )


@check
def importer_flag(reference: Reference, context: Context) -> Iterator[Problem]:
    if reference.needs_review:
        notes = "; ".join(reference.review_note_list()) or "no reason recorded"
        yield Problem(
            FindingKind.IMPORTER_FLAG,
            Severity.INFO,
            f"The importer was not sure about this entry ({notes}). Compare it with the printed citation, "
            "correct it if needed, then untick “needs review”.",
        )


# --- link health (from the latest check_links run) -------------------------------------------------------

# Failures that may pass by themselves: worth a warning, not an error, until they persist.
TEMPORARY_ERRORS = {LinkError.TIMEOUT, LinkError.CONNECTION}


def _is_temporary(link_check: LinkCheck) -> bool:
    if link_check.error:
        return link_check.error in TEMPORARY_ERRORS
    return link_check.status_code == 429 or link_check.status_code >= 500


@check
def broken_link(reference: Reference, context: Context) -> Iterator[Problem]:
    current = dict(linkcheck.links_of(reference))
    for link_check in reference.audited_link_checks:
        # A check of a link that has since been edited says nothing about the new link.
        if current.get(link_check.link) != link_check.url or not link_check.is_broken():
            continue
        when = timezone.localtime(link_check.checked_at).strftime("%Y-%m-%d %H:%M")
        temporary = _is_temporary(link_check)
        advice = "It may be a passing failure: check again later." if temporary else "Find a working link."
        yield Problem(
            FindingKind.BROKEN_LINK,
            Severity.WARNING if temporary else Severity.ERROR,
            f"The {link_check.get_link_display()} {_short(link_check.url)} does not work: {link_check.outcome()} "
            f"(checked {when}). {advice}",
            link_check.link,
        )
