"""Every API error is JSON with a message a developer can act on; nothing reaches the client as a 500 page."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from lbc_site.responses import server_error_body

logger = logging.getLogger("django.request")


def exception_handler(exc, context):
    request = context.get("request")
    if request is not None:
        # Errors are JSON whatever format was asked for (a BibTeX "file" holding an error helps nobody).
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    if isinstance(exc, DataError):
        # e.g. a value the database cannot store (PostgreSQL refuses NUL bytes even where validation missed one)
        return Response({"detail": "A value could not be stored; check lengths and characters."}, status=400)
    if isinstance(exc, RequestDataTooBig):  # Django would answer with its HTML "Bad Request" page
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20
        return Response({"detail": f"The request body is larger than the {limit:g} MB the API accepts."}, status=400)
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return Response({"detail": f"A form may have at most {limit} fields."}, status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        # A bug, not bad input: logged with its traceback, answered in JSON (Django's page is HTML, at any DEBUG).
        logger.error("Internal Server Error: %s", request.path if request else "", exc_info=exc)
        set_rollback()
        return Response(server_error_body(request), status=500)  # as the site's handler500 answers
    response.data = encodable(response.data)
    wanted = request.query_params.get("format") if request is not None else None
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND and wanted:
        view = context.get("view")
        known = [renderer.format for renderer in getattr(view, "renderer_classes", [])]
        if wanted not in known:
            return Response({"detail": f"Unknown format {wanted!r}; use one of: {', '.join(known)}."}, status=400)
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND and not response.data:
        response.data = {"detail": "Not found."}
    return response


def encodable(data):
    """Messages may quote the input (an unknown field's name, a value that is not a choice), and a JSON string can
    hold a lone surrogate such as "\\ud800" that UTF-8 cannot encode: write those as escapes, not a 500."""
    if isinstance(data, dict):
        return {encodable(key): encodable(value) for key, value in data.items()}
    if isinstance(data, list):
        return [encodable(item) for item in data]
    if isinstance(data, str) and not data.isascii():
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            return data.encode("utf-8", "backslashreplace").decode("utf-8")
    return data
