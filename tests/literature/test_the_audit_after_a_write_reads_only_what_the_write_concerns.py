"""The audit that follows every write (audit.refresh) reads the written references and their possible duplicates,
never the whole library: its cost follows the size of the write, not of the library. It still finds a duplicate
whose DOI is spelt in another case."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from literature import audit
from literature.formats.record import Name, ReferenceRecord
from literature.models import AuditFinding, FindingKind, Reference
from literature.services import references_import

TABLES = ("literature_reference", "literature_citation", "literature_author")


def whole_table_reads(captured) -> list[str]:
    """SELECTs from the library's tables with no WHERE clause at all."""
    found = []
    for query in captured:
        sql = query["sql"]
        reads = any(re.search(rf'FROM "?{table}"?(\s|$)', sql) for table in TABLES)
        if sql.startswith("SELECT") and reads and " WHERE " not in sql:
            found.append(sql)
    return found


def test_an_import_and_its_audit_read_no_table_of_the_library_whole(seeded):
    records = [
        ReferenceRecord(type="book", title=f"Rural boarding schools volume {n}", year=2020, authors=[Name("Ma", "L")])
        for n in range(20)
    ]
    with CaptureQueriesContext(connection) as captured:
        outcomes = references_import(records=records)
    assert {outcome.action for outcome in outcomes} == {"created"}
    assert whole_table_reads(captured) == []
    # ...and the import's references were audited: no DOI and no link is a finding.
    written = [outcome.reference for outcome in outcomes]
    assert AuditFinding.objects.filter(reference__in=written, kind=FindingKind.MISSING_IDENTIFIER).count() == 20


def test_saving_one_reference_audits_it_without_reading_the_whole_library(seeded):
    reference = Reference.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as captured:
        audit.refresh([reference.pk])
    assert whole_table_reads(captured) == []


def alternating(text: str, *, upper_first: bool) -> str:
    return "".join(char.upper() if (index % 2 == 0) == upper_first else char.lower() for index, char in enumerate(text))


def test_a_duplicate_whose_doi_is_spelt_in_another_case_is_found(seeded):
    original = Reference.objects.exclude(doi="").filter(doi__regex=r"[a-z].*[a-z]").order_by("pk").first()
    original.doi = alternating(original.doi, upper_first=True)  # neither all lower nor all upper case
    original.save()
    mixed = alternating(original.doi, upper_first=False)
    assert mixed not in {original.doi, original.doi.lower(), original.doi.upper()}
    copy = Reference.objects.create(key="mixed-case-copy", type="report", title="A copy", year=2023, doi=mixed)
    audit.refresh([copy.pk])
    assert AuditFinding.objects.filter(reference=copy, kind=FindingKind.DUPLICATE).exists()
    assert AuditFinding.objects.filter(reference=original, kind=FindingKind.DUPLICATE).exists()
