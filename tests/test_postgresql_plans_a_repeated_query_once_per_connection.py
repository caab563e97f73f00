"""On PostgreSQL a query the site runs again and again (the content versions every page asks first) is prepared on
the connection after its second run, so the server plans it once, not on every request. An import's batches are the
exception: they are planned for their own values, as a generic plan made from outrun statistics tripled an import's
time. DATABASE_PREPARED_STATEMENTS=0 turns preparing off for a connection pooler that cannot keep prepared
statements."""

import pytest
from django.db import connection

from literature import import_matching
from literature.formats.record import Name, ReferenceRecord
from literature.models import ContentVersion
from literature.services import references_import
from tests.test_settings_from_environment import run_settings


def prepared_versions_queries() -> list[str]:
    """The prepared statements of the versions query for nine scopes (the site and eight more), which no page asks
    for: this test's own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        found = [row[0] for row in cursor.fetchall()]
    return [statement for statement in found if "literature_contentversion" in statement and "$9" in statement]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_the_content_versions_query_is_prepared_after_its_second_run():
    scopes = [f"course:{number}" for number in range(900_001, 900_009)]
    ContentVersion.stamps(*scopes)
    assert prepared_versions_queries() == []
    ContentVersion.stamps(*scopes)
    ContentVersion.stamps(*scopes)
    assert len(prepared_versions_queries()) == 1


def plan_cache_mode() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_an_import_plans_its_batches_for_their_own_values(monkeypatch):
    seen = []
    load = import_matching.Library.load

    def loading(self, records):
        seen.append(plan_cache_mode())
        return load(self, records)

    monkeypatch.setattr(import_matching.Library, "load", loading)
    records = [ReferenceRecord(type="book", title="Children who stay", year=2020, authors=[Name(family="Zhou")])]
    assert plan_cache_mode() == "auto"  # pages: prepared statements may get a generic plan
    references_import(records=records, dry_run=True)
    assert seen == ["force_custom_plan"]  # SET LOCAL: until the import's transaction ends


def database_options(env: dict) -> str:
    result = run_settings(env, shown="settings.DATABASES['default']")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_prepared_statements_are_on_for_postgresql_unless_turned_off():
    url = {"DATABASE_URL": "postgres://lbc@127.0.0.1:5432/lbc_site"}
    assert "'prepare_threshold': 2" in database_options(url)
    assert "'server_side_binding': True" in database_options(url)
    assert "prepare_threshold" not in database_options({**url, "DATABASE_PREPARED_STATEMENTS": "0"})
    assert "prepare_threshold" not in database_options({})  # SQLite
