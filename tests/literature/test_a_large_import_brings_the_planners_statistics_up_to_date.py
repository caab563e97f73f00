"""On PostgreSQL an import that adds a large share of the references (and authors) runs ANALYZE on their tables in
its own transaction, so the next import's look-ups (and every page) are planned for the library as it now is, not
as it was: a preview right after a 10,000-entry import otherwise scanned the whole table once per batch. A small
import into a large library leaves the statistics to autovacuum."""

import pytest
from django.db import connection

from literature import bulk
from literature.formats.record import Name, ReferenceRecord
from literature.models import Author, Reference
from literature.services import references_import

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ANALYZE and pg_class are PostgreSQL's"),
]


def estimated_rows(model) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        return cursor.fetchone()[0]


def records(count: int, run: str) -> list[ReferenceRecord]:
    return [
        ReferenceRecord(
            type="book",
            title=f"Statistics of a growing library {run} {number}",
            year=2020,
            authors=[Name(family=f"Gao{number}", given="L"), Name(family="Sun", given="Y")],
        )
        for number in range(count)
    ]


def forget_statistics() -> None:
    with connection.cursor() as cursor:  # as a table no ANALYZE has seen yet (reltuples -1)
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1 WHERE oid IN (%s::regclass, %s::regclass)",
            [Reference._meta.db_table, Author._meta.db_table],
        )


def test_an_import_that_grows_the_library_by_a_large_share_analyzes_its_tables(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_ROWS", 20)
    forget_statistics()
    references_import(records=records(30, "large"))
    assert estimated_rows(Reference) == Reference.objects.count()
    assert estimated_rows(Author) == Author.objects.count()


def test_a_small_share_of_a_large_library_is_left_to_autovacuum(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_ROWS", 20)
    references_import(records=records(30, "first"))  # analyzed: the statistics now count these too
    counted = estimated_rows(Reference)
    monkeypatch.setattr(bulk, "ANALYZE_SHARE", 10.0)  # 30 more would have to be ten times the table
    references_import(records=records(30, "second"))
    assert estimated_rows(Reference) == counted < Reference.objects.count()


def test_an_import_below_the_row_threshold_never_analyzes():
    forget_statistics()
    references_import(records=records(30, "few"))  # ANALYZE_ROWS is 1,000
    assert estimated_rows(Reference) == -1


def test_a_dry_run_analyzes_nothing(monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_ROWS", 20)
    forget_statistics()
    references_import(records=records(30, "dry"), dry_run=True)
    assert estimated_rows(Reference) == -1
