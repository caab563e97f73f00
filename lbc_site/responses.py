"""Site-wide HTTP helpers that every app's views use."""

from django.http import HttpResponse


def file_response(body, content_type: str, filename: str, *, text: bool = True) -> HttpResponse:
    """`body` as a download named `filename`; text files are declared UTF-8, binary ones (zip) carry no charset."""
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8" if text else content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
