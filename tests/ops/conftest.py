"""Helpers for tests that run the site as operators do: manage.py in a subprocess, scratch PostgreSQL
databases (named lbc_ops_…, dropped afterwards), and the local Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("OPS_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("OPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def manage(*args, env: dict, check: bool = True, timeout: int = 600) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check:
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result


def rows_of_every_model(database_url: str) -> dict:
    import json

    result = subprocess.run(
        [sys.executable, str(Path(__file__).parent / "rows_of_every_model.py")],
        env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(result.stdout)


def postgres_reachable() -> bool:
    import psycopg

    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


def redis_reachable() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except redis.RedisError:
        return False


needs_postgres = pytest.mark.skipif(
    not postgres_reachable(), reason=f"PostgreSQL is not reachable at {POSTGRES} (set OPS_TEST_POSTGRES)"
)
needs_redis = pytest.mark.skipif(
    not redis_reachable(), reason=f"Redis is not reachable at {REDIS} (set OPS_TEST_REDIS_URL)"
)


@pytest.fixture(scope="module")
def scratch_postgres():
    """make(purpose) -> the URL of a new, empty PostgreSQL database; all are dropped after the module."""
    import psycopg

    made = []

    def make(purpose: str) -> str:
        name = f"lbc_ops_{purpose}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return f"{POSTGRES}/{name}"

    yield make
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        for name in made:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Secrets a real site holds besides password hashes: an API token, the LTI tool key, a signed-in session.
MAKE_SECRETS = """
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from lti.models import ToolKey
user = get_user_model().objects.get(username="demo-instructor")
print("TOKEN", Token.objects.get_or_create(user=user)[0].key)
ToolKey.objects.generate()
session = SessionStore()
session["_auth_user_id"] = str(user.pk)
session.create()
print("SESSION", session.session_key)
"""


@pytest.fixture(scope="module")
def sqlite_site(tmp_path_factory):
    """A site on a SQLite file, set up as the README says (load_demo), with a token, a tool key and a
    session: (database URL, {"TOKEN": …, "SESSION": …})."""
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite-site') / 'site.sqlite3'}"
    manage("migrate", "--noinput", env={"DATABASE_URL": url})
    manage("load_demo", env={"DATABASE_URL": url})
    printed = manage("shell", "-c", MAKE_SECRETS, env={"DATABASE_URL": url}).stdout
    secrets = dict(line.split(" ", 1) for line in printed.splitlines() if line.startswith(("TOKEN", "SESSION")))
    return url, secrets
