"""Site-wide HTTP helpers that every app's views use."""

import math

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone, translation
from django.utils.http import http_date


def server_error_body(request) -> dict:
    """What an API client reads when a view fails unexpectedly: the same from the API's exception handler and
    from the site's handler500, with the id of the request whose traceback was logged."""
    return {"detail": "A server error occurred; it has been logged.", "request_id": getattr(request, "request_id", "")}


def file_response(body, content_type: str, filename: str, *, text: bool = True) -> HttpResponse:
    """`body` as a download named `filename`; text files are declared UTF-8, binary ones (zip) carry no charset."""
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8" if text else content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def reader(request):
    """The signed-in user, or an anonymous one without touching the session when the request carries no session
    cookie: reading the session makes Django add `Vary: Cookie`, which no anonymous page needs."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return AnonymousUser()
    return request.user


def public_page(response, changed):
    """Mark a public page revalidatable: Last-Modified from when its content changed (none while that second is
    still running: a change later in the same second would be missed) and Cache-Control that makes browsers ask
    again with If-None-Match / If-Modified-Since (ConditionalGetMiddleware answers 304). Private: the page also
    depends on the reader's language and citation-style cookies."""
    if (changed_second := last_modified_second(changed)) is not None:
        response["Last-Modified"] = http_date(changed_second)
    response["Cache-Control"] = "private, no-cache"
    return response


def last_modified_second(changed) -> int | None:
    """The Last-Modified of content changed at `changed`, as a timestamp, or None while that second still runs."""
    changed_second = math.floor(changed.timestamp())
    return changed_second if timezone.now().timestamp() >= changed_second + 1 else None


class LanguageFromQueryMiddleware:
    """`?lang=zh-hans` on any page: remember the language in Django's language cookie and show the same address
    without it. The switcher is then a plain link, so public pages carry no CSRF token and stay byte-identical
    between requests (a stable ETag, so 304s)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = request.GET.get("lang")
        if code is None or request.method != "GET":
            return self.get_response(request)
        query = request.GET.copy()
        del query["lang"]
        response = HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))
        if code in dict(settings.LANGUAGES) and translation.check_for_language(code):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 60 * 60, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response
