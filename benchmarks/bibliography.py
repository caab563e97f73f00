"""Benchmark (not a test): import and export 10,000 references in each format, and render a
500-item bibliography cold and warm in each citation style. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/bibliography.py [--count 10000] [--render 500]

Runs against a throwaway SQLite database in a temporary folder unless DATABASE_URL is set
(use a scratch PostgreSQL database, never a real one: the script deletes every reference).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbc_site.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def synthetic_records(count: int):
    from literature.formats.record import Name, ReferenceRecord

    kinds = ["article-journal", "thesis", "report", "book"]
    records = []
    for i in range(count):
        kind = kinds[i % 4]
        records.append(
            ReferenceRecord(
                type=kind,
                title=f"Left-behind children study {i}: 城市留守儿童 and family life",
                authors=[Name(family=f"Li{i % 97}", given="X"), Name(family="Wang", given="HY")]
                if kind != "report"
                else [Name(literal="National Bureau of Statistics of China")],
                container_title="Chin J Sociol" if kind == "article-journal" else "",
                volume=str(2000 + i % 25) if kind == "article-journal" else "",
                issue=str(1 + i % 12) if kind == "article-journal" else "",
                pages=f"{i % 90 + 1}-{i % 90 + 9}" if kind == "article-journal" else "",
                year=2000 + i % 25,
                publisher="Peking University" if kind in ("thesis", "book") else "",
                publisher_place="Beijing" if kind == "book" else "",
                genre="master's thesis" if kind == "thesis" else "",
                doi=f"10.1234/bench.{i}" if i % 3 == 0 else "",
                url=f"https://example.org/ref/{i}" if i % 3 else "",
                language="zh",
                number=i + 1,
            )
        )
    return records


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def bench_formats(count: int) -> None:
    from literature.formats import PARSERS, WRITERS
    from literature.models import Reference
    from literature.services import references_import

    records = synthetic_records(count)
    numbers = [record.number for record in records]
    print(f"\n{count:,} references (parse = text to records; import = records to the database)")
    print(f"{'format':<10}{'export':>10}{'parse':>10}{'import':>10}{'size':>12}")
    for name, write in WRITERS.items():
        text, export_seconds = timed(write, records, numbers)
        parsed, parse_seconds = timed(PARSERS[name], text)
        assert len(parsed) == count
        Reference.objects.all().delete()
        _, import_seconds = timed(references_import, records=parsed)
        print(
            f"{name:<10}{export_seconds:>9.2f}s{parse_seconds:>9.2f}s{import_seconds:>9.2f}s"
            f"{len(text.encode()) / 1e6:>10.1f}MB"
        )


def bench_rendering(size: int) -> None:
    from django.core.cache import cache

    from literature.citations import STYLES
    from literature.citations.cache import formatted_references
    from literature.models import Reference

    references = list(Reference.objects.prefetch_related("authors").order_by("pk")[:size])
    print(f"\nRendering a {len(references)}-item bibliography (Django cache: {cache.__class__.__name__})")
    print(f"{'style':<50}{'cold':>10}{'warm':>10}")
    for style in STYLES:
        cache.clear()
        _, cold = timed(formatted_references, references, style, "html")
        _, warm = timed(formatted_references, references, style, "html")
        print(f"{style:<50}{cold:>9.2f}s{warm * 1000:>8.1f}ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--render", type=int, default=500)
    args = parser.parse_args()
    setup_django()
    bench_formats(args.count)
    bench_rendering(args.render)


if __name__ == "__main__":
    main()
