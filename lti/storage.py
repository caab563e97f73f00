"""Launches without the state cookie: the platform's storage confirms the state (1EdTech "LTI Client Side
postMessages", "LTI postMessage Storage" and "LTI OIDC Login with LTI Client Side postMessages").

At login, our page (static/js/lti-platform-storage.js) stores state_<state> and nonce_<nonce> in the
platform's storage, which lives in the platform's frame of this very browser. At launch, when the
browser sent no cookie, the server checks everything it can (signature, claims, the nonce's HMAC over
the state, replay) and answers with a page that reads both keys back from the platform's storage. Only
when they match does that page POST the continuation token below to /lti/launch/continue/.

Why a victim's browser cannot be made to complete someone else's launch: the attacker can get a
continuation token (by posting their own id_token), but the continuation is refused unless it is a
same-origin POST, i.e. made by our own page, and our page posts only after the storage in *this*
browser confirmed the state; a cross-site form carries the attacker's Origin. The token is signed,
expires after CONTINUATION_MAX_AGE, names its state, and its PendingLaunch row is deleted on first use.
"""

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lti.errors import LaunchError
from lti.models import PendingLaunch, Platform

CONTINUATION_SALT = "lti.launch-continuation"
CONTINUATION_MAX_AGE = timezone.timedelta(minutes=2)

STORAGE_FAILED = _(
    "The learning platform could not confirm that this browser started the launch, so the reading list is not "
    "shown. Open the link in a new window or tab, or allow cookies for this site, and try again."
)


def continuation_token(platform: Platform, claims: dict, state: str) -> str:
    pending = PendingLaunch.start(platform, state, claims)
    return signing.dumps({"id": pending.pk, "state": state}, salt=CONTINUATION_SALT)


def _same_origin(request) -> bool:
    """True for a POST made by one of our own pages: browsers send Origin with every POST, and Sec-Fetch-Site
    where they support it; neither can be set by another site's form or script."""
    origin = request.headers.get("Origin", "")
    if origin != f"{request.scheme}://{request.get_host()}":
        return False
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"


def redeem_continuation(request) -> PendingLaunch:
    """The pending launch that our page, after the platform's storage confirmed its state, continues."""
    if not _same_origin(request):
        raise LaunchError(_("The launch can only be continued from the tool's own page."))
    try:
        token = signing.loads(
            request.POST.get("token", ""), salt=CONTINUATION_SALT, max_age=CONTINUATION_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as error:
        raise LaunchError(_("This launch has expired. Open the link from the learning platform again.")) from error
    except signing.BadSignature as error:
        raise LaunchError(_("This launch cannot be continued: its token is not valid.")) from error
    if token.get("state") != request.POST.get("state"):
        raise LaunchError(_("This launch cannot be continued: its token belongs to another launch."))
    pending = PendingLaunch.redeem(token["id"], token["state"], CONTINUATION_MAX_AGE)
    if pending is None:
        raise LaunchError(_("This launch was already continued or has expired. Open the link again."))
    return pending
