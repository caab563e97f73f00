"""The OIDC login's state and nonce, and the cookie that ties them to the browser that started the login.

The state cookie is the classic proof that the launch comes back to the browser that logged in. In an
LMS frame it is a third-party cookie: on HTTPS it is SameSite=None; Secure, and Partitioned (CHIPS), so
that Chrome keeps it inside the frame even with third-party cookies blocked. Safari may still drop it;
then the platform's storage confirms the state instead (lti.storage).

The nonce carries an HMAC over the state, the platform and the time of the login, so that a launch
without the cookie still proves that this nonce and state were issued together, by us, for this
platform, less than STATE_MAX_AGE_SECONDS ago.
"""

import time
import uuid
from http.cookies import Morsel

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from lti.errors import LaunchError
from lti.models import Platform

STATE_MAX_AGE_SECONDS = 600
STATE_COOKIE_PREFIX = "lti_state_"
STATE_SALT = "lti.state"
NONCE_SALT = "lti.nonce"


def _nonce_mac(state: str, issued: str, random: str, platform: Platform) -> str:
    message = f"{state}|{issued}|{random}|{platform.pk}"
    return salted_hmac(NONCE_SALT, message, algorithm="sha256").hexdigest()


def new_state(platform: Platform) -> tuple[str, str]:
    """A fresh (state, nonce) pair for a login to this platform."""
    state, random, issued = uuid.uuid4().hex, uuid.uuid4().hex, f"{int(time.time()):x}"
    return state, f"{issued}-{random}-{_nonce_mac(state, issued, random, platform)}"


def nonce_issued_with(nonce: str, state: str, platform: Platform) -> bool:
    """True when our login issued this nonce with this state for this platform, recently."""
    issued, _sep, rest = nonce.partition("-")
    random, _sep, mac = rest.partition("-")
    try:
        age = time.time() - int(issued, 16)
    except ValueError:
        return False
    if not -60 <= age <= STATE_MAX_AGE_SECONDS:
        return False
    return constant_time_compare(mac, _nonce_mac(state, issued, random, platform))


def state_cookie_name(state: str) -> str:
    return STATE_COOKIE_PREFIX + state


def state_cookie_value(state: str, nonce: str, platform: Platform) -> str:
    return signing.dumps({"state": state, "nonce": nonce, "platform": platform.pk}, salt=STATE_SALT, compress=True)


class PartitionedMorsel(Morsel):
    """A cookie with the Partitioned attribute (CHIPS), which Python before 3.14 cannot write."""

    def OutputString(self, attrs=None):  # the name http.cookies.Morsel gives it
        return super().OutputString(attrs) + "; Partitioned"


def _partition(response, name: str) -> None:
    morsel = response.cookies[name]
    partitioned = PartitionedMorsel()
    partitioned.set(morsel.key, morsel.value, morsel.coded_value)
    partitioned.update(morsel)
    dict.__setitem__(response.cookies, name, partitioned)  # SimpleCookie stores a Morsel as it is


def set_state_cookie(response, request, state: str, nonce: str, platform: Platform) -> None:
    secure = request.is_secure()
    name = state_cookie_name(state)
    response.set_cookie(
        name,
        state_cookie_value(state, nonce, platform),
        max_age=STATE_MAX_AGE_SECONDS,
        httponly=True,
        secure=secure,
        samesite="None" if secure else "Lax",  # browsers drop SameSite=None cookies that are not Secure
        path=reverse("lti:launch"),
    )
    if secure:  # browsers accept Partitioned on Secure cookies only
        _partition(response, name)


def delete_state_cookie(response, request, state: str) -> None:
    """Expire the state cookie so it cannot serve another launch; the same attributes reach the same cookie
    (a partitioned cookie is only removed by a Set-Cookie that is Partitioned too)."""
    secure = request.is_secure()
    name = state_cookie_name(state)
    response.delete_cookie(name, path=reverse("lti:launch"), samesite="None" if secure else "Lax")
    if secure:
        _partition(response, name)


def cookie_login(request, state: str) -> dict | None:
    """What the state cookie says about the login ({state, nonce, platform}); None when the browser sent none."""
    cookie = request.COOKIES.get(state_cookie_name(state))
    if cookie is None:
        return None
    try:
        return signing.loads(cookie, salt=STATE_SALT, max_age=STATE_MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise LaunchError(
            _("The launch's state does not match this browser's login (expired or forged cookie).")
        ) from error
