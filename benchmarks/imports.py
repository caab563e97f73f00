"""Benchmark (not a test): how fast references come in through the real import paths. Prints, in one run:

- the import command (`manage.py import_references FILE --format bibtex`, all or nothing): seconds, rows/s, and the
  CPU seconds of this process (on SQLite the database's work too; on a busy machine closer to the quiet figure);
- the admin's import page as an instructor uses it (a superuser through the test client): the preview of the
  uploaded file, then the confirm step that imports every entry not skipped (none is): seconds and rows/s each;
- the memory each step took (growth of the process's peak resident size; with --trace-memory the peak traced
  by tracemalloc, at about a third of the speed) and the process's peak resident size.

    .venv/bin/python benchmarks/imports.py [--count 10000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lbc_imports_bench .venv/bin/python benchmarks/imports.py

Runs on a throwaway SQLite database unless DATABASE_URL is set (use a scratch PostgreSQL database: the script
deletes the references an earlier run of it imported). The generated entries are new to the library; each step
imports its own set, so the admin's confirm step finds no duplicates from the command's run.
"""

import argparse
import io
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOI_PREFIX = "10.9999/bench-import."
URL_PREFIX = "https://example.org/bi/"


def setup() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/imports.sqlite3"
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import harness

    harness.production_like()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_seed", stdout=io.StringIO())
    from django.db.models import Q

    from literature.models import Reference

    earlier = Q(doi__startswith=DOI_PREFIX) | Q(url__startswith=URL_PREFIX)
    Reference.objects.filter(earlier).delete()


def bibtex(count: int, run: str) -> str:
    """`count` new references, some of each common type, written as a BibTeX file (10,000 fit in the admin's
    2 MB upload)."""
    from literature.formats import WRITERS
    from literature.formats.record import Name, ReferenceRecord

    kinds = ["article-journal", "thesis", "report", "book"]
    records = []
    for i in range(count):
        kind = kinds[i % 4]
        records.append(
            ReferenceRecord(
                type=kind,
                title=f"Left-behind children {run}{i} 留守儿童",
                authors=[Name(family=f"Li{i % 97}", given="X"), Name(family="Wang", given="HY")]
                if kind != "report"
                else [Name(literal="National Bureau of Statistics of China")],
                container_title="Chin J Sociol" if kind == "article-journal" else "",
                pages=f"{i % 90 + 1}-{i % 90 + 9}" if kind == "article-journal" else "",
                year=2000 + i % 25,
                publisher="Peking University" if kind in ("thesis", "book") else "",
                genre="master's thesis" if kind == "thesis" else "",
                doi=f"{DOI_PREFIX}{run}.{i}" if i % 2 == 0 else "",
                url=f"{URL_PREFIX}{run}/{i}" if i % 2 else "",
            )
        )
    return WRITERS["bibtex"](records, [None] * count)


TRACE = {"memory": False}


def measured(function, *args, **kwargs):
    """(result, seconds, CPU seconds of this process, peak memory in bytes) of one call: the peak traced by
    tracemalloc with --trace-memory (which slows Python down about threefold, so the seconds are then not
    comparable), else the growth of the process's peak resident size during the call."""
    if TRACE["memory"]:
        tracemalloc.start()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        result = function(*args, **kwargs)
    finally:
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        if TRACE["memory"]:
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        else:
            peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) * 1024
    return result, seconds, cpu, peak


def command_import(path: Path) -> None:
    from django.core.management import call_command

    call_command("import_references", str(path), format="bibtex", stdout=io.StringIO())


def admin_preview(client, data: bytes) -> tuple[str, int]:
    """Upload the file to the admin's import page; the preview's fingerprint and how many entries it offers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("list.bib", data, content_type="text/x-bibtex")
    response = client.post("/admin/literature/reference/import/", {"format": "bibtex", "file": upload})
    page = response.content.decode()
    fingerprint = re.search(r'name="preview" value="([0-9a-f]{64})"', page)
    if response.status_code != 200 or fingerprint is None:
        raise Refused(response.status_code, page)
    return fingerprint[1], page.count('name="skip"')


def admin_confirm(client, content: str, fingerprint: str) -> None:
    """Post the preview's form back with nothing skipped, as the browser does (multipart, like the form): a few
    fields whatever the number of entries, under Django's 1,000-field limit, which the site keeps."""
    response = client.post(
        "/admin/literature/reference/import/",
        {"format": "bibtex", "text": content, "preview": fingerprint, "confirm": "Import the entries not skipped"},
    )
    if response.status_code != 302:
        raise Refused(response.status_code, response.content.decode())


class Refused(Exception):
    def __init__(self, status: int, page: str):
        errors = re.findall(r'class="errorlist[^>]*><li>(.*?)</li>', page)
        super().__init__(f"refused: HTTP {status} {'; '.join(errors)[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--skip-command", action="store_true", help="measure only the admin's preview and confirm")
    parser.add_argument("--trace-memory", action="store_true", help="peak Python memory per step (slower)")
    args = parser.parse_args()
    TRACE["memory"] = args.trace_memory
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from literature.models import Reference

    count = args.count
    before = Reference.objects.count()
    print(f"{connection.vendor}: {count:,} new references into a library of {before:,}, as BibTeX")
    memory = "traced MB" if TRACE["memory"] else "+RSS MB"
    print(f"{'step':<44}{'seconds':>9}{'rows/s':>10}{'CPU s':>8}{memory:>10}", flush=True)

    def step(name: str, function, *args):
        try:
            result, seconds, cpu, peak = measured(function, *args)
        except Refused as error:
            print(f"{name:<44}{error}", flush=True)
            return None
        print(f"{name:<44}{seconds:>9.2f}{count / seconds:>10,.0f}{cpu:>8.2f}{peak / 1e6:>10.1f}", flush=True)
        return result

    if not args.skip_command:
        path = Path(tempfile.mkdtemp()) / "command.bib"
        path.write_text(bibtex(count, "cmd"), encoding="utf-8")
        step("import_references (command)", command_import, path)
        assert Reference.objects.count() == before + count
    before = Reference.objects.count()

    user = get_user_model().objects.create_superuser("bench-importer", "bench@example.org", "bench-password-123")
    client = Client()
    client.force_login(user)
    content = bibtex(count, "admin")
    preview = step(
        f"admin preview ({len(content.encode()) / 1e6:.1f} MB upload)", admin_preview, client, content.encode()
    )
    if preview is not None:
        fingerprint, offered = preview
        assert offered == count, offered
        step("admin confirm (nothing skipped)", admin_confirm, client, content, fingerprint)
        if Reference.objects.count() != before + count:
            print(f"  the confirm step imported {Reference.objects.count() - before:,} references")
    user.delete()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"load average {os.getloadavg()[0]:.1f}; process peak resident size {peak_rss:.0f} MB")


if __name__ == "__main__":
    main()
