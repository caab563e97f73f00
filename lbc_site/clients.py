"""Who is calling: the client's address (behind a trusted proxy, from X-Forwarded-For), and the answer to a caller
locked out after too many failed logins (django-axes)."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.html import escape


def client_ip(request) -> str:
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT = N > 0 proxies in front, the address the Nth proxy from the end of
    X-Forwarded-For saw. A forwarded address is never trusted without that setting: a client could send any."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """429 with Retry-After: the admin login after LOGIN_FAILURE_LIMIT failures from one address for one user name."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    minutes = max(1, seconds // 60)
    message = (
        f"Too many failed logins for this user name from your address. Try again in {minutes} minute(s), "
        "or ask an administrator to unlock the account."
    )
    response = HttpResponse(f"<!doctype html><title>Locked out</title><p>{escape(message)}</p>", status=429)
    response["Retry-After"] = str(seconds)
    return response
