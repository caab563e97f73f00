"""HTTP caching of the API's reads.

Every read answers with Last-Modified: the time the site's content last changed (ContentVersion), so a client
may revalidate with If-Modified-Since as well as with the ETag. The serialized data of each read is kept in the
cache under that version: unchanged content is served without querying and serializing it again, and any change
makes a new version, so nothing stale is ever served. Entries are per caller, because instructors also see their
drafts.
"""

import hashlib
import math

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from rest_framework.response import Response

from literature.models import ContentVersion, version_key

CACHE_SECONDS = 24 * 60 * 60


def cache_key(request, version: str) -> str:
    caller = f"user-{request.user.pk}" if request.user.is_authenticated else "anonymous"
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"api:read:{version}:{caller}:{url}"


def last_modified(version) -> str | None:
    """Last-Modified for content of this version; none while the second of the last change is still running.

    The header counts whole seconds: a client given "12:00:00" during that second would be told "not modified"
    about a second change made later in the same second.
    """
    changed_second = math.floor(version.timestamp())
    if timezone.now().timestamp() < changed_second + 1:
        return None
    return http_date(changed_second)


class CachedReadsMixin:
    """list() and retrieve() of a ViewSet served from the cache while the content version of its scopes
    (ContentVersion) stays the same."""

    content_scopes: tuple[str, ...] = (ContentVersion.LIBRARY,)

    def list(self, request, *args, **kwargs):
        return self.cached_read(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        return self.cached_read(super().retrieve, request, *args, **kwargs)

    def cached_read(self, read, request, *args, **kwargs):
        stamps = ContentVersion.stamps(*self.content_scopes)
        version = max(stamps.values())
        key = cache_key(request, version_key(stamps))
        data = cache.get(key)
        if data is None:
            response = read(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.data, CACHE_SECONDS)
        else:
            response = Response(data)
        if modified := last_modified(version):
            response["Last-Modified"] = modified
        # Representations differ by format and by caller.
        patch_vary_headers(response, ["Accept", "Authorization"])
        return response
