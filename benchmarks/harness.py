"""Shared by the request benchmarks (api.py, pages.py): an in-process site on a throwaway database, a plain JSON
view as the baseline, and CPU time per request, either cached or cold (right after a content change)."""

import argparse
import gc
import os
import secrets
import socket
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PLAIN_URL = "/__bench__/plain/"
# Production keeps its cache in Redis (lbc_site/settings.py); the benchmarks use a database of their own there, which
# a measurement of the empty cache flushes.
BENCH_REDIS_URL = "redis://127.0.0.1:6379/12"


def plain_view(request):
    from django.http import JsonResponse

    return JsonResponse({"ok": True, "items": [1, 2, 3]})


def _redis_listens(url: str) -> bool:
    parts = urlsplit(url)
    try:
        socket.create_connection((parts.hostname, parts.port), timeout=1).close()
    except OSError:
        return False
    return True


def production_like() -> None:
    """Django set up as production runs it: DEBUG off (no query log kept, persistent database connections, static
    files from their manifest), its cache in Redis, over plain HTTP in this process. Without persistent
    connections every request opens a new PostgreSQL connection, and a 304 would measure the connection instead
    of the page. Without Redis (none listening here, or REDIS_URL set empty) the cache is the in-process one,
    which spares every cache read its round trip and its copy: the run says so."""
    static_root = tempfile.mkdtemp()
    if "REDIS_URL" not in os.environ and _redis_listens(BENCH_REDIS_URL):
        os.environ["REDIS_URL"] = BENCH_REDIS_URL
    if not os.environ.get("REDIS_URL"):
        print("harness: no Redis; the cache is the in-process one, not production's", file=sys.stderr)
    for name, value in {
        "DJANGO_SETTINGS_MODULE": "lbc_site.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
    }.items():
        os.environ.setdefault(name, value)
    import django
    from django.core.management import call_command

    django.setup()
    if os.environ["STATIC_ROOT"] == static_root:
        call_command("collectstatic", interactive=False, verbosity=0)  # the manifest the pages' links come from


def setup():
    """Django on a scratch SQLite database (unless DATABASE_URL is set) with the seed and the demo course."""
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("API_ANON_RATE", "1000000/minute")
    production_like()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.core.cache import cache

    if os.environ.get("REDIS_URL", "") in ("", BENCH_REDIS_URL):
        cache.clear()  # nothing left from an earlier run (only in a cache of the benchmarks' own)
    from courses.models import Course

    # Once: a big generated database already holds the demo (and load_seed's audit of everything takes long there).
    if not Course.objects.filter(slug="urban-left-behind-children").exists():
        call_command("load_demo", verbosity=0)
    from django.urls import clear_url_caches, path

    from lbc_site import urls

    urls.urlpatterns.insert(0, path(PLAIN_URL.strip("/") + "/", plain_view))
    clear_url_caches()


def cpu_per_request(client, url: str, count: int, *, cold: bool = False) -> float:
    """CPU seconds per request; cold marks the content changed before each (untimed), so nothing is cached."""
    from literature.models import ContentVersion

    for _ in range(10):  # warm imports, the citation cache and (unless cold) the cached data and fragments
        assert client.get(url).status_code == 200, url
    gc.collect()  # the warm-up's garbage is not this URL's cost (timeit, too, keeps collections out)
    total = 0.0
    for _ in range(count):
        if cold:
            ContentVersion.bump()
        start = time.process_time()
        client.get(url)
        total += time.process_time() - start
    return total / count


def print_table(urls: list[str], count: int) -> None:
    from django.test import Client

    client = Client()
    baseline = cpu_per_request(client, PLAIN_URL, count)
    print(f"{count} requests each, CPU time per request (in-process)")
    print("cached: the content has not changed since the last request; cold: first request after a change")
    print(f"{'URL':<58}{'cached ms':>10}{'ratio':>7}{'cold ms':>10}{'ratio':>7}")
    print(f"{'plain JSON view (baseline)':<58}{baseline * 1000:>10.2f}{1:>7.1f}")
    for url in urls:
        cached = cpu_per_request(client, url, count)
        cold = cpu_per_request(client, url, count, cold=True)
        print(f"{url:<58}{cached * 1000:>10.2f}{cached / baseline:>7.1f}{cold * 1000:>10.2f}{cold / baseline:>7.1f}")


def main(urls: list[str], description: str) -> None:
    """The command line of a request benchmark: set up the site, then print the table for these URLs."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    setup()
    print_table(urls, args.requests)
