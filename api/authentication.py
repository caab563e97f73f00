"""Token authentication that slows down guessing: failed token logins are counted per client address in the cache,
and past API_TOKEN_FAILURE_RATE the address gets 429 with Retry-After until the window has passed."""

from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from lbc_site.clients import client_ip


def failure_limit() -> tuple[int, int]:
    rate = api_settings.DEFAULT_THROTTLE_RATES["token_failures"]
    return SimpleRateThrottle.parse_rate(None, rate)


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        if not request.META.get("HTTP_AUTHORIZATION", "").startswith(self.keyword):
            return None
        allowed, seconds = failure_limit()
        key = f"api:token-failures:{client_ip(request)}"
        if cache.get(key, 0) >= allowed:
            raise Throttled(wait=seconds, detail="Too many failed token logins from your address.")
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            if not cache.add(key, 1, seconds):
                try:
                    cache.incr(key)
                except ValueError:  # expired in between
                    cache.add(key, 1, seconds)
            raise
