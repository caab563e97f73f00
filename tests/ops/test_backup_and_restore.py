"""Backups restore: SQLite's online backup, pg_dump/pg_restore, and our portable dump (manage.py backup and
restore) that moves a site from SQLite to PostgreSQL with every object equal."""

import sqlite3
import subprocess

import pytest

from tests.ops.conftest import manage, needs_postgres, rows_of_every_model


def assert_every_object_equal(source: dict, copy: dict) -> None:
    assert source.keys() == copy.keys()
    for label in source:
        assert copy[label] == source[label], f"{label} differs"
    # A comparison of empty sites would prove nothing.
    for label in ["literature.reference", "courses.readingitem", "auth.user", "authtoken.token", "lti.toolkey"]:
        assert source[label], label


@pytest.fixture(scope="module")
def postgres_site(sqlite_site, scratch_postgres, tmp_path_factory):
    """The SQLite site moved to PostgreSQL the README's way: backup, migrate an empty database, restore."""
    sqlite_url, _ = sqlite_site
    dump = tmp_path_factory.mktemp("dump") / "site.json"
    manage("backup", "--output", str(dump), env={"DATABASE_URL": sqlite_url})
    postgres_url = scratch_postgres("moved")
    manage("migrate", "--noinput", env={"DATABASE_URL": postgres_url})
    manage("restore", str(dump), env={"DATABASE_URL": postgres_url})
    return postgres_url, dump


@needs_postgres
def test_a_sqlite_site_moves_to_postgresql_with_every_object_equal(sqlite_site, postgres_site):
    assert_every_object_equal(rows_of_every_model(sqlite_site[0]), rows_of_every_model(postgres_site[0]))


@needs_postgres
def test_restore_refuses_a_database_that_holds_content_unless_forced(postgres_site):
    postgres_url, dump = postgres_site
    refused = manage("restore", str(dump), env={"DATABASE_URL": postgres_url}, check=False)
    assert refused.returncode == 1
    [message] = refused.stderr.strip().splitlines()
    assert "already holds content" in message and "--force" in message
    before = rows_of_every_model(postgres_url)
    manage("restore", str(dump), "--force", env={"DATABASE_URL": postgres_url})
    assert rows_of_every_model(postgres_url) == before


@needs_postgres
def test_pg_dump_and_pg_restore_copy_every_object(postgres_site, scratch_postgres, tmp_path):
    postgres_url, _ = postgres_site
    archive = tmp_path / "site.dump"
    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(archive), postgres_url], check=True)
    copy_url = scratch_postgres("pgrestore")
    subprocess.run(["pg_restore", "--no-owner", "-d", copy_url, str(archive)], check=True)
    assert_every_object_equal(rows_of_every_model(postgres_url), rows_of_every_model(copy_url))


def test_sqlite_online_backup_copies_a_live_database(sqlite_site, tmp_path):
    sqlite_url, _ = sqlite_site
    source_path = sqlite_url.removeprefix("sqlite:///")
    copy_path = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(source_path)
    source.execute("BEGIN")  # a reader in the middle of a transaction does not stop the backup
    with sqlite3.connect(copy_path) as copy:
        source.backup(copy)
    source.close()
    assert_every_object_equal(rows_of_every_model(sqlite_url), rows_of_every_model(f"sqlite:///{copy_path}"))


def test_a_dump_without_secrets_holds_no_secret(sqlite_site, tmp_path):
    sqlite_url, secrets = sqlite_site
    with_secrets, without = tmp_path / "all.json", tmp_path / "public.json"
    manage("backup", "-o", str(with_secrets), env={"DATABASE_URL": sqlite_url})
    manage("backup", "--without-secrets", "-o", str(without), env={"DATABASE_URL": sqlite_url})
    full, public = with_secrets.read_text(), without.read_text()
    for secret in [secrets["TOKEN"], secrets["SESSION"], "PRIVATE KEY", "pbkdf2_sha256$"]:
        assert secret in full  # what the full dump holds and the README warns about...
        assert secret not in public  # ...is not in the dump without secrets
    assert '"model": "literature.reference"' in public and '"username": "demo-instructor"' in public
