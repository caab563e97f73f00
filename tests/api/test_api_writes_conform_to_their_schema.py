"""Schemathesis sends generated writes (POST, PUT, PATCH, DELETE) from /api/schema/ as an instructor with a token:
valid bodies and invalid ones (wrong types, values out of range, unknown fields, NUL bytes, strings too long), to
Ada's own courses, units and readings, to Bo's (which do not exist for her) and to ids that exist nowhere. Every
answer must be no server error and conform to the schema (status code, content type, body)."""

import zlib

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import negative_data_rejection, positive_data_acceptance
from schemathesis.core.parameters import ParameterLocation
from schemathesis.transport.wsgi import WSGI_TRANSPORT
from urllib3 import encode_multipart_formdata

from courses.models import ReadingItem, Unit
from lbc_site.wsgi import application
from literature.models import Reference

WRITES = ["POST", "PUT", "PATCH", "DELETE"]
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def multipart_with_blank_lines(werkzeug_serializer):
    """Werkzeug's test encoder writes an empty form field as a part with no blank line after its headers; Django's
    parser then silently drops that field and the ones after it, so the request the server sees is not the one
    generated. Encode forms the way browsers and `requests` do instead (urllib3's encoder)."""

    def serialize(context, value):
        serialized = werkzeug_serializer(context, value)
        parts = serialized.get("data")
        if not isinstance(parts, dict) or not all(
            isinstance(item, (str, int, float)) for items in parts.values() for item in items
        ):
            return serialized
        fields = [(name, str(item)) for name, items in parts.items() for item in items]
        body, content_type = encode_multipart_formdata(fields)
        return {"data": body, "content_type": content_type}

    return serialize


@pytest.fixture
def write_schema(instructor_token):
    # As in test_api_conforms_to_its_schema.py: keep the test's connection (and transaction) across WSGI requests.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    _, werkzeug_multipart = WSGI_TRANSPORT.get_first_matching_media_type("multipart/form-data")
    WSGI_TRANSPORT.serializer("multipart/form-data")(multipart_with_blank_lines(werkzeug_multipart))
    try:
        loaded = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

        @loaded.auth(refresh_interval=None)
        class AdasToken:
            """Ada's LMS script: every request carries her token (ignored_auth also tries without it)."""

            def get(self, case, context):
                return instructor_token

            def set(self, case, token, context):
                case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}

        # Valid data and data the schema forbids (wrong types, out of range, missing or unknown fields, ...); no
        # generated session cookie: the token is the caller's only credential.
        loaded.config.generation.update(
            modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], with_security_parameters=False
        )
        yield loaded
    finally:
        WSGI_TRANSPORT.serializer("multipart/form-data")(werkzeug_multipart)
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("write_schema")


@pytest.fixture
def targets(courses):
    """Real objects for generated requests to aim at: Ada's, and Bo's (which Ada cannot write, so they are 404s)."""
    units = Unit.objects.filter(course__in=courses.values()).order_by("pk")
    return {
        "/api/v1/courses/{slug}/": [course.slug for course in courses.values()],
        "/api/v1/units/{id}/": [unit.pk for unit in units],
        "/api/v1/items/{id}/": list(
            ReadingItem.objects.filter(unit__in=units).order_by("pk").values_list("pk", flat=True)
        ),
        "unit": [unit.pk for unit in units],
        "course": [course.slug for course in courses.values()],
        "reference": list(Reference.objects.order_by("pk").values_list("key", flat=True)[:5]),
    }


def pick(options, *seed):
    """One of the options, or None (keep what was generated): chosen from the generated data, so that Hypothesis
    replays and shrinks the same request."""
    index = zlib.crc32(repr(seed).encode("utf-8", "backslashreplace")) % (len(options) + 1)
    return options[index] if index < len(options) else None


def aim_at_real_objects(case, targets):
    """Point most generated ids and slugs at objects that exist, so that validation and saving really run."""
    seed = (case.path_parameters, case.body)
    if case.path_parameters and not case.meta.is_negative_at(ParameterLocation.PATH):
        (name,) = case.path_parameters
        chosen = pick(targets[case.path], *seed)
        if chosen is not None:
            case.path_parameters = {name: chosen}
    if isinstance(case.body, dict):
        for field, kind in (("unit", int), ("course", str), ("reference", str)):
            if isinstance(case.body.get(field), kind) and not isinstance(case.body[field], bool):
                chosen = pick(targets[field], field, *seed)
                if chosen is not None:
                    case.body[field] = chosen


def trim_text(case) -> bool:
    """DRF trims surrounding whitespace from text before it checks lengths and patterns (as the site's forms do), so
    " " + 200 letters is a valid title although the schema's maxLength counts 201. Send text trimmed, so that only
    requests the server should refuse are negative ones. True when some text was trimmed."""
    trimmed = False
    if isinstance(case.body, dict):
        for name, value in case.body.items():
            if isinstance(value, str) and value != value.strip():
                case.body[name] = value.strip()
                trimmed = True
    return trimmed


@schema.include(method=WRITES).parametrize()
@settings(max_examples=15, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_writes_conform_to_the_schema(case, targets):
    aim_at_real_objects(case, targets)
    trimmed = trim_text(case)
    # A random If-Match or If-Unmodified-Since is rightly a 412 before the body is read; those headers have their
    # own tests (tests/api/test_api_refuses_writes_based_on_stale_reads.py).
    for header in [name for name in case.headers or {} if name.lower() in ("if-match", "if-unmodified-since")]:
        del case.headers[header]
    # A body naming a unit, course or reference that does not exist (or is not the caller's), a slug already taken
    # or a reference already in the unit is rightly a 400 although the schema cannot say so.
    excluded = [positive_data_acceptance]
    if case.media_type in FORMS:
        # In a form an empty field means "not given" (DRF reads it as the default, or null), and a form "body" that
        # is a number goes out as a part without a name, which Django skips: the schema's JSON types cannot say so.
        # Invalid JSON bodies must be refused; invalid forms still must not fail or answer outside the schema.
        excluded.append(negative_data_rejection)
    elif trimmed:
        # A value made "too long" by whitespace (61 characters where 60 are allowed, the last a line break) is no
        # longer negative once trimmed, yet Schemathesis still expects it refused.
        excluded.append(negative_data_rejection)
    # Each request starts from the same courses: what one example creates, changes or deletes is rolled back.
    with transaction.atomic():
        case.call_and_validate(excluded_checks=excluded)
        transaction.set_rollback(True)
