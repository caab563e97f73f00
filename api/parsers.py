"""JSON request bodies with a size and nesting limit checked before parsing.

Python's json module recurses once per level: a body of 100,000 "[" characters ends in RecursionError (a 500)
instead of a 400. Nothing the API accepts is nested more than a few levels, so deeper bodies are refused before
they are parsed, as are bodies larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
"""

import json
import re

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")
_INNERMOST = re.compile(rb"\[\]|\{\}")


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"


def nesting_depth_exceeds(body: bytes, limit: int) -> bool:
    """Does the JSON text nest arrays and objects more than `limit` levels deep? (Strings are left out first.)"""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    for _level in range(limit):
        if not brackets:
            return False
        brackets, removed = _INNERMOST.subn(b"", brackets)
        if not removed:
            return False  # unbalanced: json.loads names the error
    return bool(brackets)


def _refuse_constant(name):
    raise ValueError(f"{name} is not valid JSON")


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if stream is not None else b""
        if limit is not None and len(body) > limit:
            raise BodyTooLarge(f"The request body is larger than the {limit / 2**20:g} MB the API accepts.")
        if nesting_depth_exceeds(body, MAX_DEPTH):
            raise ParseError(f"JSON parse error - nested more than {MAX_DEPTH} levels deep.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(body.decode(encoding), parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            raise ParseError(f"JSON parse error - {error}") from None
