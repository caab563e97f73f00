"""scripts/serve refuses to start on a bad configuration with one line naming the variable, never a traceback."""

import os
import subprocess

import pytest

from tests.ops.conftest import ROOT

GOOD_KEY = "k3y-" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "127.0.0.1", "PORT": "1"}


def serve(**env) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    return subprocess.run(
        [str(ROOT / "scripts" / "serve")],
        env={**base, **PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is too weak for production: it has 9 characters"),
        ({"SECRET_KEY": "ab" * 40}, "SECRET_KEY is too weak for production: it uses fewer than 5 different"),
        (
            {"SECRET_KEY": "dev-only-insecure-key-do-not-use-in-production"},
            "SECRET_KEY is too weak for production: it is a published development key",
        ),
        ({"DATABASE_URL": "mysq://x/y"}, "DATABASE_URL is not a database URL we can use"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:1/lbc_ops_none"}, "DATABASE_URL: cannot connect"),
        ({"REDIS_URL": "http://127.0.0.1:6379/0"}, "REDIS_URL must start with redis://"),
        ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "REDIS_URL: cannot reach Redis"),
    ],
)
def test_it_refuses_with_one_line_naming_the_variable(env, message, tmp_path):
    result = serve(**env, STATIC_ROOT=str(tmp_path))
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert message in line
    assert "Traceback" not in result.stderr
