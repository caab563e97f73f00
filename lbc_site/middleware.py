"""Refuse query strings no view can use before any view runs, with a 400 that says why (JSON for the API)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponseBadRequest, JsonResponse
from django.http.multipartparser import MultiPartParserError

from lbc_site.rules import text_problem

# Longer than any search, filter or LTI hint the site uses; SQLite refuses LIKE patterns past 50,000 bytes.
MAX_QUERY_VALUE = 2000
# The management fields of a formset (the admin's inlines): counts, nothing else.
FORMSET_COUNTS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")


def bad_request(request, message: str):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def query_problem(request) -> str:
    for name, values in request.GET.lists():
        for text in [name, *values]:
            if problem := text_problem(text):
                return f"Query parameter {name[:40]!r}: {problem}"
            if len(text) > MAX_QUERY_VALUE:
                return f"Query parameter {name[:40]!r} is longer than {MAX_QUERY_VALUE} characters."
    if problem := text_problem(request.path):
        return f"The address: {problem}"
    # Multipart too: a browser (or the test client) may send any form so, and PostgreSQL refuses the NUL all the same.
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        # A form field with a NUL byte (an LTI login's iss, an admin action's ids) would reach PostgreSQL.
        try:
            fields = request.POST.lists()
        except (RequestDataTooBig, TooManyFieldsSent) as error:
            if request.path.startswith("/api/"):
                return ""  # the API's exception handler answers these in JSON
            # Django leaves an empty form behind, so a view would answer as if nothing had been sent.
            return over_the_limit(error)
        except MultiPartParserError:
            return ""  # the view answers this itself
        for name, values in fields:
            for text in [name, *values]:
                if problem := text_problem(text):
                    return f"Form field {name[:40]!r}: {problem}"
            if name.endswith(FORMSET_COUNTS) and not all(value.strip().isdigit() for value in values):
                # A negative INITIAL_FORMS makes Django save existing rows again as new ones (an IntegrityError).
                return f"Form field {name[:40]!r} must be a count of forms (0 or more)."
    return ""


def over_the_limit(error) -> str:
    if isinstance(error, TooManyFieldsSent):
        return f"This form sent too many fields (limit {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}); nothing was saved."
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
    return f"This form sent more data than the site accepts (limit {limit:g} MB); nothing was saved."


class RefuseUnusableQueriesMiddleware:
    """NUL bytes (which PostgreSQL cannot even compare) and huge values (a 60,000-character search) in the query
    string, a NUL in the path or in a posted form field, are a 400 for every view, not a 500 from the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := query_problem(request):
            return bad_request(request, problem)
        return self.get_response(request)
