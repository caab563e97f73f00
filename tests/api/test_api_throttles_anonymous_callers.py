"""Anonymous callers are rate-limited; the limit is configurable."""

from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


def test_an_anonymous_caller_over_the_limit_gets_a_429_with_retry_after(api, seeded, monkeypatch):
    cache.clear()
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/minute"})
    statuses = [api.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/themes/")
    assert response.has_header("Retry-After") and "throttled" in response.json()["detail"].lower()
    cache.clear()
