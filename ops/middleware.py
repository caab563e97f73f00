"""Request ids and the access log line; the health check answered before anything else runs."""

import logging
import re
import time
import uuid

from django.http import JsonResponse
from django.urls import reverse

from ops import health
from ops.logging import request_id

logger = logging.getLogger("lbc.request")

# An id a proxy or a client sent is kept only when it is a short token that cannot forge a log line.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def incoming_request_id(request) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """One log line per request (method, path, status, duration in ms, request id), and X-Request-ID back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_request_id(request)
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response["X-Request-ID"] = rid
            return response
        finally:
            duration = (time.perf_counter() - started) * 1000
            # The path only: query strings may hold search words or tokens that do not belong in logs.
            logger.info(
                "%s %s %s %.1fms id=%s",
                request.method,
                request.path,
                status,
                duration,
                rid,
                extra={"method": request.method, "path": request.path, "status": status, "duration_ms": duration},
            )
            request_id.reset(token)


class HealthCheckMiddleware:
    """GET/HEAD /healthz: 200 when the database and the cache answer, 503 naming the one that does not.

    Answered here, ahead of the Host check and the HTTPS redirect: a load balancer probes each server by its
    address over plain http, and the answer reveals nothing (no versions, no addresses, no secrets).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = reverse("ops:healthz")

    def __call__(self, request):
        if request.path != self.path or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        return healthz(request)


def healthz(request):
    report = health.status()
    response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
    response["Cache-Control"] = "no-store"
    return response
