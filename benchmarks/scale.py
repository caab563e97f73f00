"""Benchmark (not a test): does the site stay fast as the library grows? Prints, in one run, for each database given:

- search: database time per selective library search (a rare title word, a DOI, a surname with a word, a Chinese
  word, ...), p50 and p95, cold (page cache cleared), on the biggest database (1,000,000 references);
- library page 1, a search and a theme page: cost per cold request (CPU time, plus the time spent waiting for
  PostgreSQL; the first request after a content change) on the 100,000-reference database ÷ on the seed (51
  references);
- cold (after a change; and with the whole cache empty), warm and 304 page cost as hello ÷ page (hello: a plain
  JSON view through the same middleware, requested between the page's requests);
- the import rate of the importer (references_import) on the seed database.

The site runs as production does (benchmarks/harness.py): DEBUG off, the cache in Redis when one listens on
127.0.0.1:6379 (its database 12, flushed). Each timed series starts after a garbage collection.

    .venv/bin/python benchmarks/scale.py \
        --sqlite sqlite:////work/bench-data/1m.sqlite3 sqlite:////work/bench-data/100k.sqlite3 \
        --postgres postgres://postgres@127.0.0.1:5432/lbc_search_1m postgres://postgres@127.0.0.1:5432/lbc_search_100k \
        --postgres-seed postgres://postgres@127.0.0.1:5432/lbc_search_seed

Each --DATABASE takes the 1M database (searches) and the 100k one (pages); the big databases come from
benchmarks/generate.py. The SQLite seed database is a scratch file; the PostgreSQL one (--postgres-seed) an empty
scratch database that the run fills. Each database is measured in its own process.
"""

import argparse
import gc
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
    # A word of one seed reference's title that no generated reference has: the same one row on every database,
    # so the ratio shows what the library's size costs, not the cost of showing more rows.
    "library search": "/references/?q=Qingtian",
    "theme page": "/themes/family-parenting/",
    "course page": "/courses/urban-left-behind-children/",
    "reference page": "/references/mao2023analysis/",
}
BLOCK = 10  # requests of one kind in a row when a page and hello are measured together
SEARCHES = ["rare31337", "rare123", "10.1337/gen.51337", "Liang rare777", "隔代抚养", "留守", "Ruan", "grandparenting"]


def measure(count: int, kind: str) -> dict:
    """`kind`: "pages" (page costs, for the 100k and the seed database) or "searches" (for the 1M one)."""
    sys.path.insert(0, str(HERE))
    import harness

    harness.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from literature.models import ContentVersion, Reference

    client = Client()
    database = []  # per request: seconds in the database (wall time around each query), for the searches
    # Per request: seconds spent waiting for PostgreSQL, for the pages: the wall time around each query less this
    # process's CPU time in it (building the SQL, reading the rows), which the request's CPU time already counts.
    waiting = []

    def timed(execute, sql, params, many, context):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            wall = time.perf_counter() - start
            database[-1] += wall
            waiting[-1] += max(0.0, wall - (time.process_time() - cpu))

    statements = []

    def recorded(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    # SQLite runs in this process, so its time is in the CPU time already; PostgreSQL's is added.
    add_database = connection.vendor != "sqlite"

    def cost(url, before=None, **headers) -> float:
        if before:
            before()
        database.append(0.0)
        waiting.append(0.0)
        start = time.process_time()
        with connection.execute_wrapper(timed):
            client.get(url, **headers)
        return time.process_time() - start + (waiting[-1] if add_database else 0.0)

    def mean(url, runs, before=None, **headers) -> tuple[float, float]:
        """The page's mean cost, and the mean cost of hello requests sent in blocks between its own: this machine's
        speed drifts by up to twice over a minute, and a hello measured at the same moments divides that out. In
        blocks of ten, each after its kind, as a hello after each page would pay for the page's cache misses."""
        for _ in range(3):
            client.get(url)
            client.get(harness.PLAIN_URL)
        gc.collect()  # the warm-up's garbage (a first render at 100,000 references) is not this measure's cost
        pages, hellos = [], []
        while len(pages) < runs:
            hellos += [cost(harness.PLAIN_URL) for _ in range(BLOCK)]
            pages += [cost(url, before, **headers) for _ in range(min(BLOCK, runs - len(pages)))]
        return statistics.fmean(pages), statistics.fmean(hellos)

    result = {"references": Reference.objects.count(), "vendor": connection.vendor}
    if kind == "pages":
        hellos = []

        def record(name, measured):
            result[name], hello = measured
            result[f"{name} hello"] = hello
            hellos.append(hello)

        for name, url in PAGES.items():
            record(f"{name} warm", mean(url, count))
            record(f"{name} cold", mean(url, count, before=ContentVersion.bump))
            record(f"{name} empty", mean(url, max(3, count // 10), before=cache.clear))
            etag = client.get(url)["ETag"]
            record(f"{name} 304", mean(url, count, HTTP_IF_NONE_MATCH=etag))
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304, url
        result["hello"] = statistics.fmean(hellos)
        if connection.vendor == "sqlite" and result["references"] < 100:
            result["import per second"] = import_rate(1000)
        return result
    searches, server = {}, {}
    for query in SEARCHES:
        runs, server_runs = [], []
        for _ in range(7):
            cache.clear()
            database.append(0.0)
            waiting.append(0.0)
            statements.clear()
            with connection.execute_wrapper(timed), connection.execute_wrapper(recorded):
                client.get("/references/", {"q": query})
            runs.append(database[-1])
            if connection.vendor == "postgresql":
                server_runs.append(server_time(connection, statements))
        searches[query] = runs
        server[query] = server_runs
    result["searches"] = searches
    if connection.vendor == "postgresql":
        result["server"] = server
    return result


def server_time(connection, statements) -> float:
    """PostgreSQL's own planning and execution time of the statements, run again under EXPLAIN ANALYZE (the
    round trips to the server, which on a busy shared machine cost more than the queries, left out)."""
    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0][0]
            total += (plan["Planning Time"] + plan["Execution Time"]) / 1000
    return total


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


def run_child(database_url: str, count: int, kind: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    args = [sys.executable, __file__, "--child", kind, "--requests", str(count)]
    output = subprocess.run(args, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def report_searches(big: dict) -> None:
    ms = 1000
    print(f"\nSelective searches, {big['vendor']}, {big['references']:,} references: database time per cold search")
    all_runs = []
    for query, runs in big["searches"].items():
        all_runs += runs
        print(f"  {query!r:<24} p50 {statistics.median(runs) * ms:7.2f} ms   max {max(runs) * ms:7.2f} ms")
    quantiles = statistics.quantiles(all_runs, n=20)
    p50, p95 = statistics.median(all_runs) * ms, quantiles[18] * ms
    print(f"  all searches            p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   (wall time around each query)")
    if server := big.get("server"):
        runs = [run for query_runs in server.values() for run in query_runs]
        p50, p95 = statistics.median(runs) * ms, statistics.quantiles(runs, n=20)[18] * ms
        print(f"  all searches            p50 {p50:7.2f} ms   p95 {p95:7.2f} ms   (server: planning + execution)")
        for query, query_runs in server.items():
            print(f"  {query!r:<24} p50 {statistics.median(query_runs) * ms:7.2f} ms (server)")


def report_pages(mid: dict, seed: dict) -> None:
    ms = 1000
    vendor, size = mid["vendor"], f"{mid['references']:,}"
    print(f"\nCost per request (CPU + waiting for the database), {vendor}, {size} references vs the seed's")
    print("  cold: first request after a content change; empty: the whole cache cleared (citations too);")
    print(
        "  'hello÷' = hello ÷ page, hello requested in blocks between the page's, so that both meet the same machine;"
    )
    print("  'x seed' = (page ÷ hello) here ÷ (page ÷ hello) on the seed (51 references)")
    heads = ["cold ms", "x seed", "hello÷", "empty ms", "hello÷", "warm ms", "hello÷", "304 ms", "hello÷"]
    print(f"  {'page':<16}" + "".join(f"{head:>9}" for head in heads))

    def per_hello(result: dict, name: str) -> float:
        return result[f"{name} hello"] / result[name]

    for name in PAGES:
        cold, empty, warm, nm = (f"{name} {kind}" for kind in ("cold", "empty", "warm", "304"))
        print(
            f"  {name:<16}{mid[cold] * ms:>9.2f}{per_hello(seed, cold) / per_hello(mid, cold):>9.2f}"
            f"{per_hello(mid, cold):>9.3f}{mid[empty] * ms:>9.2f}{per_hello(mid, empty):>9.3f}"
            f"{mid[warm] * ms:>9.2f}{per_hello(mid, warm):>9.2f}{mid[nm] * ms:>9.2f}{per_hello(mid, nm):>9.2f}"
        )
    print(f"  hello (plain JSON view), mean: {mid['hello'] * ms:.2f} ms; on the seed: {seed['hello'] * ms:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sqlite", nargs=2, metavar=("URL_1M", "URL_100K"))
    parser.add_argument("--postgres", nargs=2, metavar=("URL_1M", "URL_100K"))
    parser.add_argument("--postgres-seed", default="", help="an empty scratch PostgreSQL database for the seed")
    parser.add_argument("--child", choices=["pages", "searches"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.requests, args.child)))
        return
    seed_urls = {"sqlite": f"sqlite:///{tempfile.mkdtemp()}/seed.sqlite3", "postgres": args.postgres_seed}
    seeds = {}
    for vendor in ("sqlite", "postgres"):
        urls = getattr(args, vendor)
        if not urls:
            continue
        if not seed_urls[vendor]:
            parser.error("--postgres needs --postgres-seed")
        seeds[vendor] = seed = run_child(seed_urls[vendor], args.requests, "pages")
        report_searches(run_child(urls[0], args.requests, "searches"))
        report_pages(run_child(urls[1], args.requests, "pages"), seed)
    if rate := seeds.get("sqlite", {}).get("import per second"):
        print(f"\nImport (references_import, 1,000 new references): {rate:,.0f}/s, 10,000 in {10_000 / rate:.1f} s")


if __name__ == "__main__":
    main()
