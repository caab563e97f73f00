"""Brute force: the admin login locks a user name out from an address after LOGIN_FAILURE_LIMIT failures for
LOGIN_COOLOFF_MINUTES; failed API tokens and busy API callers get 429 with Retry-After. Time is moved by ageing the
stored attempts, never by sleeping."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import F
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def log_in(client, username, password, address="203.0.113.5", **extra):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def test_five_failures_lock_the_user_name_out_even_with_the_right_password(instructor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "ada", "wrong").status_code == 200  # the form again, with its error
    locked = log_in(client, "ada", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "Too many failed logins" in locked.content.decode()
    assert log_in(client, "ada", PASSWORD).status_code == 429


def test_the_lockout_ends_after_the_cool_off(instructor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ada", "wrong")
    assert log_in(client, "ada", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=16))
    assert log_in(client, "ada", PASSWORD).status_code == 302


def test_another_address_is_not_locked_out_and_forwarded_addresses_are_not_trusted(instructor, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ada", "wrong", HTTP_X_FORWARDED_FOR="198.51.100.1")
    # Without TRUSTED_PROXY_COUNT, X-Forwarded-For is ignored: a new one does not escape the lockout ...
    assert log_in(client, "ada", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
    # ... while a real other address is not locked out.
    assert log_in(client, "ada", PASSWORD, address="203.0.113.9").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(instructor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "ada", "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert log_in(client, "ada", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    assert log_in(client, "ada", PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302


def test_failed_api_tokens_are_throttled_per_address(db):
    client = APIClient()
    statuses = [
        client.get("/api/v1/courses/", HTTP_AUTHORIZATION=f"Token wrong{n}", REMOTE_ADDR="203.0.113.7").status_code
        for n in range(12)
    ]
    assert statuses[:10] == [401] * 10 or statuses[:10] == [403] * 10
    assert statuses[10:] == [429, 429]
    response = client.get("/api/v1/courses/", HTTP_AUTHORIZATION="Token wrong", REMOTE_ADDR="203.0.113.7")
    assert int(response["Retry-After"]) > 0
    assert client.get("/api/v1/courses/", HTTP_AUTHORIZATION="Token x", REMOTE_ADDR="203.0.113.8").status_code != 429


def test_authenticated_api_callers_are_throttled(instructor, settings, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {**UserRateThrottle.THROTTLE_RATES, "user": "3/minute"})
    client = APIClient()
    client.force_authenticate(instructor)
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
