"""Benchmark (not a test): does the site stay fast as the library grows? Prints, in one run:

- search: database time per selective library search (a rare title word, a DOI, a surname with a word, a Chinese
  word), p50 and p95, cold (page cache cleared), on the big database;
- library page 1, a search and a theme page: CPU per cold request on the big database ÷ on the seed (51 references);
- cold and warm page cost as hello ÷ page (a plain JSON view through the same middleware);
- the import rate of the importer (references_import) on the seed database.

    DATABASE_URL=sqlite:////work/bench-data/1m.sqlite3 .venv/bin/python benchmarks/scale.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lbc_search_bench .venv/bin/python benchmarks/scale.py

The big database comes from benchmarks/generate.py; the seed database is a scratch SQLite file (or, with
--seed-url, the database given there, e.g. a PostgreSQL one). Each is measured in its own process.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = {
    "library page 1": "/references/",
    "library search": "/references/?q=rare4242",
    "theme page": "/themes/family-parenting/",
    "course page": "/courses/urban-left-behind-children/",
    "reference page": "/references/mao2023analysis/",
}
SEARCHES = ["rare31337", "rare123", "10.1337/gen.51337", "Liang rare777", "隔代抚养", "留守", "Ruan", "grandparenting"]


def measure(count: int, with_import: bool) -> dict:
    sys.path.insert(0, str(HERE))
    import harness

    harness.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from literature.models import Reference

    client = Client()
    hello = harness.cpu_per_request(client, harness.PLAIN_URL, count)
    result = {"references": Reference.objects.count(), "hello": hello}
    for name, url in PAGES.items():
        result[f"{name} warm"] = harness.cpu_per_request(client, url, count)
        total = 0.0
        for _ in range(max(3, count // 10)):
            cache.clear()
            start = time.process_time()
            client.get(url)
            total += time.process_time() - start
        result[f"{name} cold"] = total / max(3, count // 10)
        etag = client.get(url).get("ETag")
        if etag:
            start = time.process_time()
            for _ in range(count):
                response = client.get(url, HTTP_IF_NONE_MATCH=etag)
            result[f"{name} 304"] = (time.process_time() - start) / count if response.status_code == 304 else None
    timings = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings[-1] += time.perf_counter() - start

    searches = {}
    for query in SEARCHES:
        runs = []
        for _ in range(7):
            cache.clear()
            timings.append(0.0)
            with connection.execute_wrapper(timed):
                client.get("/references/", {"q": query})
            runs.append(timings[-1])
        searches[query] = runs
    result["searches"] = searches
    if with_import:
        result["import per second"] = import_rate(1000)
    return result


def import_rate(count: int) -> float:
    from literature.formats.record import Name, ReferenceRecord
    from literature.services import references_import

    records = [
        ReferenceRecord(
            type="article-journal",
            title=f"Imported study number {n} of migrant families",
            authors=[Name(family=f"Surname{n}", given="A")],
            container_title="Journal of Imports",
            year=2000 + n % 25,
            doi=f"10.9999/import.{n}",
        )
        for n in range(count)
    ]
    start = time.perf_counter()
    references_import(records=records)
    return count / (time.perf_counter() - start)


def run_child(database_url: str, count: int, with_import: bool) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    args = [sys.executable, __file__, "--child", "--requests", str(count)] + (["--import"] if with_import else [])
    output = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--seed-url", default="")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--import", dest="with_import", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.with_import)))
        return
    big_url = os.environ["DATABASE_URL"]
    seed_url = args.seed_url or f"sqlite:///{tempfile.mkdtemp()}/seed.sqlite3"
    small = run_child(seed_url, args.requests, with_import=True)
    big = run_child(big_url, args.requests, with_import=False)
    ms = 1000
    print(f"big database: {big_url.split('@')[-1]} ({big['references']:,} references); seed: {small['references']}")
    print("\nSelective searches on the big database: database time per cold library search")
    all_runs = []
    for query, runs in big["searches"].items():
        all_runs += runs
        print(f"  {query!r:<24} p50 {statistics.median(runs) * ms:7.2f} ms   max {max(runs) * ms:7.2f} ms")
    quantiles = statistics.quantiles(all_runs, n=20)
    p50, p95 = statistics.median(all_runs) * ms, quantiles[18] * ms
    print(f"  all searches            p50 {p50:7.2f} ms   p95 {p95:7.2f} ms")
    print("\nCPU per request, cold (cache cleared) and warm; 'x seed' = big ÷ seed; 'hello÷' = hello ÷ page")
    heads = ["cold ms", "x seed", "hello÷", "warm ms", "hello÷", "304 ms", "hello÷"]
    print(f"  {'page':<16}" + "".join(f"{head:>9}" for head in heads))
    for name in PAGES:
        cold, warm = big[f"{name} cold"], big[f"{name} warm"]
        not_modified = big.get(f"{name} 304")
        nm = f"{not_modified * ms:>9.2f}{big['hello'] / not_modified:>9.2f}" if not_modified else f"{'none':>9}"
        print(
            f"  {name:<16}{cold * ms:>9.2f}{cold / small[f'{name} cold']:>9.2f}{big['hello'] / cold:>9.3f}"
            f"{warm * ms:>9.2f}{big['hello'] / warm:>9.2f}{nm}"
        )
    print(f"  hello (plain JSON view) {big['hello'] * ms:.2f} ms")
    rate = small["import per second"]
    print(f"\nImport (references_import, 1,000 new references): {rate:,.0f}/s, 10,000 in {10_000 / rate:.1f} s")


if __name__ == "__main__":
    main()
