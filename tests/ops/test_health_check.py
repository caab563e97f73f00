"""GET /healthz tells a load balancer whether this app server can serve: database and cache, nothing more."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import override_settings

pytestmark = pytest.mark.django_db

CLOSED_PORT_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def test_it_answers_ok_with_small_uncached_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


def test_it_answers_503_naming_the_database_when_the_database_is_down(client):
    with mock.patch("ops.health.connection.cursor", side_effect=OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "cache": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_it_answers_503_naming_the_cache_when_redis_does_not_answer(client):
    with override_settings(CACHES=CLOSED_PORT_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["lbc.example.edu"])
def test_a_probe_over_http_by_address_is_answered_not_redirected_or_refused(client):
    # A load balancer probes each server by its address over plain http, with no Host the site knows...
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    # ...while the site itself still redirects to https and refuses unknown hosts.
    assert client.get("/references/", HTTP_HOST="lbc.example.edu").status_code == 301
    assert client.get("/references/", HTTP_HOST="10.0.0.7:8000").status_code == 400


def test_it_needs_no_login_and_reveals_no_versions(client):
    response = client.get("/healthz")
    body = response.content.decode()
    assert "django" not in body.lower() and "python" not in body.lower()
    assert "Server" not in response.headers or "/" not in response["Server"]
