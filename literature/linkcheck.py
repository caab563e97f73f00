"""Link health: visit each reference's URL and DOI link, politely, and record what answered.

Network work happens in a small thread pool; the database is only touched from the calling thread
(worker threads would need their own connections, and in tests would not see the test's data).
"""

import socket
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import zip_longest
from urllib.parse import urlsplit

import httpx
from django.db import transaction
from django.utils import timezone

from literature.models import LinkCheck, LinkError, LinkKind, Reference

USER_AGENT = "lbc-site-link-checker/1.0 (checks the links of a course reading list; python-httpx)"
DOI_RESOLVER = "https://doi.org/"
MAX_REDIRECTS = 5
# Answers that mean the same whatever the method: no point asking again with GET. Any other 4xx/5xx
# to HEAD may just be a server that refuses or mishandles HEAD (405, 501, but also 403 or 400 from some
# CDNs), so GET decides.
DEFINITE_STATUSES = {404, 410, 429}


def links_of(reference: Reference) -> list[tuple[str, str]]:
    """The reference's links worth visiting, as (LinkKind, URL): its URL and its DOI link."""
    links = []
    if reference.url:
        links.append((LinkKind.URL, reference.url))
    if reference.doi:
        links.append((LinkKind.DOI, DOI_RESOLVER + reference.doi))
    return links


@dataclass(frozen=True)
class LinkResult:
    url: str
    status_code: int | None
    error: str  # a LinkError value, or "" when the server answered
    final_url: str
    checked_at: datetime


class HostThrottle:
    """Keeps at least `delay` seconds between the starts of two requests to the same host, across threads.

    Used as an httpx request hook, so redirects and the GET after a refused HEAD are spaced too.
    """

    def __init__(self, delay: float):
        self.delay = delay
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(request.url.host, now))
            self._next_start[request.url.host] = start + self.delay
        if start > now:
            time.sleep(start - now)


def check_references(references: Iterable[Reference], **options) -> list[LinkCheck]:
    """Visit the references' links and replace their stored link checks with the results."""
    references = list(references)
    jobs = [(reference, link, url) for reference in references for link, url in links_of(reference)]
    results = check_urls([url for _, _, url in jobs], **options)
    checks = [
        LinkCheck(
            reference=reference,
            link=link,
            url=url,
            status_code=results[url].status_code,
            error=results[url].error,
            final_url=results[url].final_url[:2000],
            checked_at=results[url].checked_at,
        )
        for reference, link, url in jobs
    ]
    with transaction.atomic():
        LinkCheck.objects.filter(reference__in=references).delete()
        LinkCheck.objects.bulk_create(checks)
    return checks


def check_urls(
    urls: Iterable[str],
    *,
    concurrency: int = 4,
    timeout: float = 10.0,
    delay: float = 1.0,
    max_redirects: int = MAX_REDIRECTS,
) -> dict[str, LinkResult]:
    """Visit each distinct URL once, `concurrency` at a time, at most one request per host every `delay` s."""
    unique = _interleave_by_host(dict.fromkeys(urls))
    client = httpx.Client(
        headers={"User-Agent": USER_AGENT},
        timeout=timeout,
        follow_redirects=True,
        max_redirects=max_redirects,
        limits=httpx.Limits(max_connections=concurrency),
        event_hooks={"request": [HostThrottle(delay)]},
    )
    with client, ThreadPoolExecutor(max_workers=concurrency) as pool:
        return dict(zip(unique, pool.map(partial(fetch, client), unique), strict=True))


def fetch(client: httpx.Client, url: str) -> LinkResult:
    """HEAD the URL (GET when HEAD is refused), following redirects; never raises for network trouble."""
    checked_at = timezone.now()
    try:
        try:
            status, final_url = _visit(client, "HEAD", url)
            head_refused = status >= 400 and status not in DEFINITE_STATUSES
        except httpx.RemoteProtocolError:  # a server that drops the connection on HEAD
            head_refused = True
        if head_refused:
            status, final_url = _visit(client, "GET", url)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return LinkResult(url, None, error_kind(exc), _failing_url(exc), checked_at)
    return LinkResult(url, status, "", final_url, checked_at)


def error_kind(exc: Exception) -> str:
    """Name the failure the way an instructor would look into it: DNS, refused, TLS, timeout, …"""
    if isinstance(exc, httpx.TimeoutException):
        return LinkError.TIMEOUT
    if isinstance(exc, httpx.TooManyRedirects):
        return LinkError.TOO_MANY_REDIRECTS
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return LinkError.INVALID_URL
    # httpx wraps the socket's own exception (through httpcore): look down the chain for it.
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLError):
            return LinkError.TLS
        if isinstance(cause, socket.gaierror):
            return LinkError.DNS
        if isinstance(cause, ConnectionRefusedError):
            return LinkError.REFUSED
        cause = cause.__cause__ or cause.__context__
    return LinkError.CONNECTION


def _visit(client: httpx.Client, method: str, url: str) -> tuple[int, str]:
    # Streamed so that a GET reads the status line and headers, not the whole document.
    with client.stream(method, url) as response:
        return response.status_code, str(response.url)


def _failing_url(exc: Exception) -> str:
    """The URL whose request failed (after redirects, it may not be the one asked for)."""
    try:
        return str(exc.request.url)
    except (AttributeError, RuntimeError):
        return ""


def _interleave_by_host(urls: Iterable[str]) -> list[str]:
    """Alternate hosts, so that workers are not all waiting on the same host's delay."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in urls:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        by_host[host].append(url)
    return [url for group in zip_longest(*by_host.values()) for url in group if url is not None]
