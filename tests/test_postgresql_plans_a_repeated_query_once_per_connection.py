"""On PostgreSQL a query the site runs again and again (the content versions every page asks first) is prepared on
the connection after its second run, so the server plans it once, not on every request. DATABASE_PREPARED_STATEMENTS=0
turns this off for a connection pooler that cannot keep prepared statements."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from literature.models import ContentVersion

ROOT = Path(__file__).resolve().parents[1]


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


def database_options(env: dict) -> str:
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lbc_site.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_prepared_statements_are_on_for_postgresql_unless_turned_off():
    url = {"DATABASE_URL": "postgres://lbc@127.0.0.1:5432/lbc_site"}
    assert "'prepare_threshold': 2" in database_options(url)
    assert "'server_side_binding': True" in database_options(url)
    assert "prepare_threshold" not in database_options({**url, "DATABASE_PREPARED_STATEMENTS": "0"})
    assert "prepare_threshold" not in database_options({})  # SQLite
