"""Whole public pages for anonymous readers, validated before anything is rendered.

A public page shows content whose versions are stamped (ContentVersion, per scope), so its validator can be
computed from those stamps and from what else the page depends on (the address, the language, the citation
style, the code that renders it) without rendering it: a conditional GET whose ETag or date still holds is
answered 304 at the cost of one query, and a repeat visit is served from the cache with the body stored by the
first one. A page is rendered only when one of those inputs changed.

Only for anonymous readers (no session cookie): a signed-in reader may see drafts (course previews) and
instructors' notes (audit findings), so their pages take the ordinary path, where the template's own fragment
cache applies and ConditionalGetMiddleware validates the rendered body.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import cache as memoize
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.utils.translation import get_language

from lbc_site.responses import last_modified_second, public_page
from literature.cache_keys import normalised_query
from literature.models import ContentVersion, VersionKey, content_version_key
from literature.style_choice import chosen_style, remember_style

TIMEOUT = 24 * 60 * 60  # keyed by every input of the page: never stale, this only bounds storage
# What a rendered page is made of besides its data (code, templates, translations, citation styles, static
# files it links to): a deploy that changes any of it changes every validator and key.
SOURCE_SUFFIXES = {".py", ".html", ".mo", ".csl", ".xml", ".css", ".js"}


@memoize
def code_version() -> str:
    """A digest of the site's own source files (read once per process; the same on every app server)."""
    root = Path(settings.BASE_DIR)
    folders = [
        folder
        for folder in root.iterdir()
        if folder.name not in ("tests", "benchmarks")
        and ((folder / "__init__.py").exists() or folder.name in ("templates", "locale", "static"))
    ]
    paths = sorted(
        path for folder in folders for path in folder.rglob("*") if path.suffix in SOURCE_SUFFIXES and path.is_file()
    )
    digest = hashlib.blake2b(digest_size=8)
    for path in paths:
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def page_version(request, *scopes: str) -> VersionKey:
    """The content version of these scopes, read once per request: the validator and the view share it."""
    version = getattr(request, "_page_version", None)
    if version is None:
        version = content_version_key(*scopes)
    return version


def library_version(request, *args, **kwargs) -> VersionKey:
    """The version of a page that shows the library (references, authors, themes, articles)."""
    return content_version_key(ContentVersion.LIBRARY)


def _query_key(request, parameters: set[str]) -> str | None:
    """The query of an anonymous GET as part of a key, the same for every order of its parameters; or None when
    the page is not served from a stored copy: a signed-in reader, a parameter the page does not know (made-up
    ones would add entries), an empty, padded or repeated one (other spellings of a page that the ordinary path
    already shares one cached fragment between)."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    for name, values in request.GET.lists():
        if name not in parameters or len(values) != 1 or not values[0] or values[0] != values[0].strip():
            return None
    return normalised_query(request.GET, parameters)


def cached_public_page(*, parameters: Iterable[str] = (), version: Callable[..., VersionKey | None] = library_version):
    """Serve the view's page from stamps: 304 for a valid conditional GET, the stored body for a repeat visit.

    `version(request, *args, **kwargs)` reads the content version of what the page shows, or answers None when
    the page cannot be served this way (it does not exist for this reader: the view then answers, e.g. 404).
    `parameters` are the query parameters the page reads. The page's language links repeat the query in the order
    it came in; a stored page may show them in another order, which leads to the same page.
    """
    parameters = set(parameters)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            query = _query_key(request, parameters)
            if query is None or (shown := version(request, *args, **kwargs)) is None:
                return view(request, *args, **kwargs)
            request._page_version = shown
            style, problem = chosen_style(request)
            inputs = [
                shown, ",".join(shown.scopes), code_version(), request.path, query,
                style, problem, get_language(),
            ]  # fmt: skip
            digest = hashlib.blake2b("\n".join(inputs).encode(), digest_size=12).hexdigest()
            etag = "W/" + quote_etag(digest)  # weak: another order of the query may list its links differently
            last_modified = last_modified_second(shown.changed)
            if (response := get_conditional_response(request, etag=etag, last_modified=last_modified)) is not None:
                return _finish(request, response, etag, shown, style)
            key = f"page:{digest}"
            body = cache.get(key)
            if body is not None:
                response = HttpResponse(body)
            else:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                cache.set(key, response.content, TIMEOUT)
            return _finish(request, response, etag, shown, style)

        return wrapper

    return decorate


def _finish(request, response, etag: str, version: VersionKey, style: str):
    response["ETag"] = etag
    return remember_style(request, public_page(response, version.changed), style)
