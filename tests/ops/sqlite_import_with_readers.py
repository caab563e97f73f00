"""Run by test_sqlite_readers_during_a_large_import.py in its own process, on a file SQLite database
(DATABASE_URL): an instructor's import of 5,000 references holds its write transaction open while a reader
requests public pages and API lists; prints what the reader got as JSON.

The writer does not sleep-and-hope: it writes everything, then keeps the transaction open (holding SQLite's
write lock) until the reader has made all its requests, and only then commits.
"""

import json
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "benchmarks"))  # last: benchmarks/api.py must not hide the api app
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbc_site.settings")

import django  # noqa: E402

django.setup()

from bibliography import synthetic_records  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from literature.models import Reference  # noqa: E402
from literature.services import references_import  # noqa: E402

URLS = ["/", "/references/", "/references/?type=thesis&page=2", "/api/v1/references/", "/themes/education-schooling/"]
ROUNDS = 4


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_seed", verbosity=0)
    connection.close()
    written, reads_done = threading.Event(), threading.Event()
    writer_report = {}

    def write():
        try:
            with transaction.atomic():
                started = time.monotonic()
                references_import(records=synthetic_records(5000))
                writer_report["write_seconds"] = round(time.monotonic() - started, 2)
                written.set()  # everything is written; the transaction (and the write lock) stays open...
                reads_done.wait(timeout=300)  # ...until the reader has made its requests
        except Exception as error:  # reported, so the test shows why
            writer_report["error"] = repr(error)
        finally:
            written.set()
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    written.wait(timeout=600)
    client = Client(raise_request_exception=False)
    reads = []
    try:
        for _ in range(ROUNDS):
            for url in URLS:
                started = time.monotonic()
                status = client.get(url).status_code
                reads.append({"url": url, "status": status, "seconds": round(time.monotonic() - started, 2)})
        during = Reference.objects.count()
    finally:
        reads_done.set()
        writer.join()
    after = Reference.objects.count()
    print(json.dumps({"reads": reads, "writer": writer_report, "seen_during": during, "seen_after": after}))


if __name__ == "__main__":
    main()
