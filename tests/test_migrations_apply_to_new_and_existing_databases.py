"""The migration history works for a new database and for one migrated before literature stopped depending on
courses (there, courses.0002 ran before literature.0004; now either may run first)."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

GROUP_PERMISSIONS = (
    "import json; from django.contrib.auth.models import Group; "
    "print(json.dumps(sorted(Group.objects.get(name='Instructor').permissions.values_list('codename', flat=True))))"
)


@pytest.fixture
def manage(tmp_path):
    """Run manage.py on a database file of its own, empty until the first migrate."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "DEBUG": "1"}

    def run(*args) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    return run


def test_literature_migrates_on_its_own_without_any_courses_migration(manage):
    manage("migrate", "literature", "--noinput")
    applied = manage("showmigrations", "courses", "literature")
    assert "[X] 0005_content_version" in applied
    assert "courses\n [ ] 0001_initial" in applied


def test_a_new_database_migrates_and_instructors_get_every_permission(manage):
    manage("migrate", "--noinput")
    codenames = json.loads(manage("shell", "--verbosity", "0", "-c", GROUP_PERMISSIONS))
    assert {"view_auditfinding", "view_linkcheck", "change_course", "add_readingitem", "view_theme"} <= set(codenames)
    assert "[ ]" not in manage("showmigrations")


def test_a_database_migrated_in_the_old_order_is_consistent_and_complete(manage):
    manage("migrate", "courses", "0002", "--noinput")  # the order the old dependency forced
    manage("migrate", "--noinput")
    manage("migrate", "--check", "--noinput")  # fails when a migration is unapplied or the history inconsistent
    codenames = json.loads(manage("shell", "--verbosity", "0", "-c", GROUP_PERMISSIONS))
    assert {"view_auditfinding", "view_linkcheck", "change_course", "add_readingitem"} <= set(codenames)
