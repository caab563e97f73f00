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
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from api.parameters import refuse_repeated_parameters
from literature.cache_keys import normalised_query
from literature.models import ContentVersion, version_key

CACHE_SECONDS = 24 * 60 * 60


# Parameters every read understands besides its filters: pages, ordering, the format asked for.
COMMON_PARAMETERS = {"page", "page_size", "ordering", "format"}


def cache_key(request, version: str, parameters: set[str]) -> str:
    """Content versions of the scopes the read shows, caller, and the URL with only the parameters that change
    the answer (so unknown ones add no entries). Scheme and host stay: the pages' next/previous links are
    absolute."""
    caller = f"user-{request.user.pk}" if request.user.is_authenticated else "anonymous"
    query = normalised_query(request.GET, parameters)
    url = hashlib.sha256(f"{request.scheme}://{request.get_host()}{request.path}?{query}".encode()).hexdigest()
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
        refuse_repeated_parameters(request)
        return self.cached_read(super().list, request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        refuse_repeated_parameters(request)
        return self.cached_read(super().retrieve, request, *args, **kwargs)

    def query_parameters(self) -> set[str]:
        """The query parameters this read understands: its filters and the common ones."""
        filterset_class = getattr(self, "filterset_class", None)
        filters = set(filterset_class.base_filters) if filterset_class else set(getattr(self, "filterset_fields", []))
        return filters | COMMON_PARAMETERS

    def cached_read(self, read, request, *args, **kwargs):
        stamps = ContentVersion.stamps(*self.content_scopes)
        version = max(stamps.values())
        key = cache_key(request, version_key(stamps), self.query_parameters())
        data = cache.get(key)
        if data is None:
            response = read(request, *args, **kwargs)
            if response.status_code == 200:
                cache.set(key, response.data, CACHE_SECONDS)
        else:
            response = Response(data)
        if response.status_code == 200 and self.action == "retrieve":
            # What If-Match compares with (PreconditionsMixin); ConditionalGetMiddleware answers If-None-Match with it.
            response["ETag"] = representation_etag(response.data, getattr(request.accepted_renderer, "format", ""))
        if modified := last_modified(version):
            response["Last-Modified"] = modified
        # Representations differ by format and by caller.
        patch_vary_headers(response, ["Accept", "Authorization"])
        return response


def representation_digest(data) -> str:
    return hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:40]


def representation_etag(data, format_name: str) -> str:
    """A strong ETag of an object's read: its data's digest, and the format when it is not plain JSON."""
    suffix = "" if format_name in ("json", "") else f"-{format_name}"
    return f'"{representation_digest(data)}{suffix}"'


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The object has changed since you read it (If-Match or If-Unmodified-Since): read it again, "
        "then send your change."
    )
    default_code = "precondition_failed"


class PreconditionsMixin:
    """Writes honour If-Match (the ETag of the object's read, in any format) and If-Unmodified-Since (the object's
    last change), answering 412 Precondition Failed when someone else changed the object in between: no lost updates.
    Without either header a write goes through as before."""

    def update(self, request, *args, **kwargs):
        self.check_preconditions(request)
        response = super().update(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = representation_etag(self.read_data(self.get_object()), "json")
        return response

    def destroy(self, request, *args, **kwargs):
        self.check_preconditions(request)
        return super().destroy(request, *args, **kwargs)

    def read_data(self, obj):
        """The object's data exactly as a read of it (retrieve) by this caller shows it."""
        return self.read_serializer_class(obj, context=self.get_serializer_context()).data

    def check_preconditions(self, request):
        if_match, since = request.headers.get("If-Match"), request.headers.get("If-Unmodified-Since")
        if not if_match and not since:
            return
        obj = self.get_object()  # 404 / 403 come first
        if if_match:
            tags = parse_etags(if_match)
            if tags == ["*"]:
                return
            digest = representation_digest(self.read_data(obj))
            # Strong comparison (RFC 9110): a weak W/"…" tag never matches.
            if not any(tag.startswith('"') and tag.strip('"').split("-")[0] == digest for tag in tags):
                raise PreconditionFailed()
        elif (moment := parse_http_date_safe(since)) is not None and math.floor(obj.updated.timestamp()) > moment:
            raise PreconditionFailed()
