"""On SQLite (the default install), public pages keep answering while an instructor's large import writes:
WAL lets readers read the last committed data, and no reader gets a 500 "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run_import_with_readers(tmp_path, **env) -> dict:
    result = subprocess.run(
        [sys.executable, str(HERE / "sqlite_import_with_readers.py")],
        env={**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_readers_get_pages_while_a_5000_reference_import_holds_its_transaction(tmp_path):
    # A short busy timeout: were readers made to wait for the writer, they would fail within the test's time.
    report = run_import_with_readers(tmp_path, SQLITE_BUSY_TIMEOUT="3")
    assert "error" not in report["writer"]
    failed = [read for read in report["reads"] if read["status"] != 200]
    assert failed == [], failed
    assert max(read["seconds"] for read in report["reads"]) < 3  # nobody waited for the writer
    # Readers saw the library as it was before the import; the import is all there once committed.
    assert report["seen_during"] == 51
    assert report["seen_after"] == 51 + 5000
