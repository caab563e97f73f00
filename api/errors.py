"""Every API error is JSON with a message a developer can act on; nothing reaches the client as a 500 page."""

from django.db import DataError
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    request = context.get("request")
    if request is not None:
        # Errors are JSON whatever format was asked for (a BibTeX "file" holding an error helps nobody).
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    if isinstance(exc, DataError):
        # e.g. a value the database cannot store (PostgreSQL refuses NUL bytes even where validation missed one)
        return Response({"detail": "A value could not be stored; check lengths and characters."}, status=400)
    response = drf_exception_handler(exc, context)
    wanted = request.query_params.get("format") if request is not None else None
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND and wanted:
        view = context.get("view")
        known = [renderer.format for renderer in getattr(view, "renderer_classes", [])]
        if wanted not in known:
            return Response({"detail": f"Unknown format {wanted!r}; use one of: {', '.join(known)}."}, status=400)
    if response is not None and response.status_code == status.HTTP_404_NOT_FOUND and not response.data:
        response.data = {"detail": "Not found."}
    return response
