"""Error reports go to Sentry only when SENTRY_DSN is set; without it sentry_sdk is not even imported."""

import os
import subprocess
import sys

from tests.ops.conftest import ROOT

CODE = """
import sys, django
django.setup()
sdk = sys.modules.get("sentry_sdk")
print(sdk is not None, bool(sdk and sdk.is_initialized()))
"""


def settings_loaded(**env) -> str:
    base = {key: value for key, value in os.environ.items() if key != "SENTRY_DSN"}
    result = subprocess.run(
        [sys.executable, "-c", CODE],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "lbc_site.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_without_a_dsn_sentry_is_not_imported():
    assert settings_loaded() == "False False"


def test_with_a_dsn_sentry_is_set_up():
    assert settings_loaded(SENTRY_DSN="https://public@sentry.example.org/1") == "True True"
