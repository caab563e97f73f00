"""Load test (not a test of the suite): requests per second of a mixed read workload against a running server,
as a ratio of the same server's /healthz, with errors; then the same workload with instructors' writes mixed in
(1 request in 100 a write through the API), checking that every write is read back at once (no stale read).

Start the server as production does, on a scratch database, with the anonymous API throttle raised so that the
load is not refused, and give this script a token of an instructor of the course it writes to:

    DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 DATABASE_URL=postgres://…/lbc_load REDIS_URL=redis://…/7 \\
      SECURE_SSL_REDIRECT=0 API_ANON_RATE=1000000/minute HOST=127.0.0.1 PORT=8000 WEB_CONCURRENCY=2 scripts/serve
    .venv/bin/python manage.py load_demo                 # (same environment) the demo course and its instructor
    .venv/bin/python manage.py drf_create_token demo-instructor
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000 --token TOKEN [--seconds 15] [--threads 8]

Only loopback addresses are accepted; each phase is bounded by --seconds and by --max-requests.
"""

import argparse
import http.client
import ipaddress
import itertools
import json
import secrets
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

COURSE = "urban-left-behind-children"


class Site:
    """One keep-alive connection per thread to the server under test."""

    def __init__(self, url: str, token: str = ""):
        parts = urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.token = token
        self.local = threading.local()

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Accept-Encoding": "identity"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers |= {"Content-Type": "application/json", "Authorization": f"Token {self.token}"}
        for attempt in range(2):  # a keep-alive connection the server closed (worker recycled) is reopened once
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                self.local.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def read_paths(site: Site) -> list[str]:
    status, body = site.request("GET", "/api/v1/references/?page_size=20")
    assert status == 200, f"the API answered {status}; is the server running with the seed loaded?"
    keys = [item["key"] for item in json.loads(body)["results"]]
    status, body = site.request("GET", "/api/v1/themes/")
    themes = [item["slug"] for item in json.loads(body)["results"]]
    return [
        "/",
        "/references/",
        "/references/?type=thesis",
        f"/references/?theme={themes[0]}&sort=year",
        "/references/?language=zh&page=2",
        f"/courses/{COURSE}/",
        "/courses/",
        *[f"/references/{key}/" for key in keys[:6]],
        "/api/v1/references/",
        "/api/v1/references/?type=thesis&page_size=50",
        "/api/v1/courses/",
        f"/api/v1/courses/{COURSE}/",
        f"/api/v1/themes/{themes[1]}/",
    ]


class Run:
    def __init__(self, seconds: float, max_requests: int):
        self.deadline = time.monotonic() + seconds
        self.remaining = itertools.count()
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.done = self.errors = self.writes = self.stale = 0
        self.error_samples: list[str] = []

    def take(self) -> int | None:
        """The number of the next request, or None when the time or the count is used up."""
        number = next(self.remaining)
        if number >= self.max_requests or time.monotonic() >= self.deadline:
            return None
        return number

    def record(self, ok: bool, what: str = "") -> None:
        with self.lock:
            self.done += 1
            if not ok:
                self.errors += 1
                if len(self.error_samples) < 5:
                    self.error_samples.append(what)


def run_phase(site: Site, paths: list[str], *, threads: int, seconds: float, max_requests: int, write_every=0):
    run = Run(seconds, max_requests)
    write_lock = threading.Lock()  # one write (and its read-back) at a time: "the last write" is then well defined

    def worker(offset: int):
        while (number := run.take()) is not None:
            if write_every and number % write_every == write_every - 1:
                with write_lock:
                    write_and_read_back(site, run)
                continue
            path = paths[(number + offset) % len(paths)]
            try:
                status, _ = site.request("GET", path)
                run.record(status == 200, f"GET {path} -> {status}")
            except OSError as error:
                run.record(False, f"GET {path} -> {error}")

    started = time.monotonic()
    pool = [threading.Thread(target=worker, args=(index * 7,)) for index in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return run, time.monotonic() - started


def write_and_read_back(site: Site, run: Run) -> None:
    title = f"Urban Left-behind Children in China ({secrets.token_hex(4)})"
    status, body = site.request("PATCH", f"/api/v1/courses/{COURSE}/", {"title": title})
    run.record(status == 200, f"PATCH course -> {status} {body[:200]!r}")
    with run.lock:
        run.writes += 1
    # Read back through the server, page and API: both must show the write at once.
    for path in (f"/api/v1/courses/{COURSE}/", f"/courses/{COURSE}/"):
        status, body = site.request("GET", path)
        fresh = title.encode() in body
        run.record(status == 200, f"GET {path} -> {status}")
        if status == 200 and not fresh:
            with run.lock:
                run.stale += 1


def loopback_only(url: str) -> str:
    host = urlsplit(url).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        sys.exit(f"load.py: {url} is not a loopback address; this script only loads a server on this machine.")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", default="", help="API token of an instructor of the demo course (for writes).")
    parser.add_argument("--seconds", type=float, default=15.0, help="Length of each phase (default 15).")
    parser.add_argument("--threads", type=int, default=8, help="Concurrent clients (default 8).")
    parser.add_argument("--max-requests", type=int, default=50_000, help="Cap per phase (default 50,000).")
    args = parser.parse_args()
    site = Site(loopback_only(args.url), args.token)
    paths = read_paths(site)
    _status, original = site.request("GET", f"/api/v1/courses/{COURSE}/")
    original_title = json.loads(original)["title"]
    phase = {"threads": args.threads, "seconds": args.seconds, "max_requests": args.max_requests}

    for path in paths:  # warm the caches once, as a site in use has them
        site.request("GET", path)
    health, health_time = run_phase(site, ["/healthz"], **phase)
    reads, reads_time = run_phase(site, paths, **phase)
    health_rps, reads_rps = health.done / health_time, reads.done / reads_time
    print(f"server {args.url}, {args.threads} client threads, {args.seconds:g} s per phase")
    print(f"/healthz                 {health_rps:8.1f} req/s  ({health.done} requests, {health.errors} errors)")
    print(
        f"mixed reads              {reads_rps:8.1f} req/s  ({reads.done} requests, {reads.errors} errors)"
        f"  = {reads_rps / health_rps:.2f} × /healthz"
    )
    if args.token:
        mixed, mixed_time = run_phase(site, paths, write_every=100, **phase)
        mixed_rps = mixed.done / mixed_time
        print(
            f"reads + 1% writes        {mixed_rps:8.1f} req/s  ({mixed.done} requests, {mixed.writes} writes, "
            f"{mixed.errors} errors, {mixed.stale} stale reads after a write)"
            f"  = {mixed_rps / health_rps:.2f} × /healthz"
        )
        site.request("PATCH", f"/api/v1/courses/{COURSE}/", {"title": original_title})
        samples = health.error_samples + reads.error_samples + mixed.error_samples
    else:
        print("(no --token: the phase with writes was skipped)")
        samples = health.error_samples + reads.error_samples
    for sample in samples:
        print(f"  error: {sample}")


if __name__ == "__main__":
    main()
