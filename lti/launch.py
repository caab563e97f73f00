"""Checks of an LTI 1.3 launch (1EdTech Security Framework 1.0, LTI Core 1.3, Deep Linking 2.0) on PyJWT."""

import logging
import time
import uuid
from dataclasses import dataclass

import jwt
from django.utils.translation import gettext_lazy as _

from lti.errors import LaunchError
from lti.jwks import platform_key
from lti.models import Platform, ToolKey, UsedNonce
from lti.roles import has_teaching_role
from lti.state import cookie_login, nonce_issued_with

logger = logging.getLogger("lti")

ALGORITHM = "RS256"
LEEWAY_SECONDS = 60
# Sent by platforms that offer their storage (LTI Client Side postMessages), with the login and the launch.
STORAGE_TARGET = "lti_storage_target"

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"

__all__ = ["Launch", "LaunchError", "validate_launch"]  # LaunchError: raised by every check here


@dataclass
class Launch:
    platform: Platform
    claims: dict
    state: str
    # False: the browser sent no state cookie; our page must have the platform's storage confirm the state.
    state_confirmed: bool


def _find_platform(claims: dict) -> Platform:
    issuer = claims.get("iss")
    audience = claims.get("aud")
    audiences = [audience] if isinstance(audience, str) else audience
    if not isinstance(issuer, str) or not issuer or not isinstance(audiences, list) or not audiences:
        raise LaunchError("The token has no issuer or audience.")
    candidates = Platform.objects.filter(active=True, issuer=issuer, client_id__in=[str(aud) for aud in audiences])
    if len(audiences) > 1:
        azp = claims.get("azp")
        if not azp:
            raise LaunchError("The token names several audiences but no authorized party (azp).")
        candidates = candidates.filter(client_id=azp)
    platform = candidates.first()
    if platform is None:
        raise LaunchError("No active platform is registered for this issuer and client ID.")
    return platform


def _check_state(request, platform: Platform, claims: dict, state: str) -> bool:
    """True when the state cookie confirms the login; False when the platform's storage has to (no cookie came
    back, and the platform offers its storage); LaunchError otherwise."""
    saved = cookie_login(request, state)
    if saved is None:
        if not request.POST.get(STORAGE_TARGET):
            raise LaunchError(
                _(
                    "This browser did not send back the cookie the tool set when the launch began, so the launch "
                    "cannot be checked. Browsers that block cookies inside embedded frames do this: open the link "
                    "in a new window or tab, or allow cookies for this site."
                )
            )
        # The nonce proves that our login issued this state with it, for this platform, minutes ago; that
        # this browser is the one that logged in is left to the platform's storage (lti.storage).
        if not nonce_issued_with(claims["nonce"], state, platform):
            raise LaunchError(_("The token's nonce was not issued with this state by this tool's login."))
        return False
    if saved.get("state") != state or saved.get("platform") != platform.pk:
        raise LaunchError("The launch's state does not match this browser's login.")
    if claims["nonce"] != saved.get("nonce"):
        raise LaunchError("The token's nonce is not the one this login issued.")
    return True


def _check_message(platform: Platform, claims: dict) -> None:
    if claims.get(CLAIM + "deployment_id") not in platform.deployment_id_list():
        raise LaunchError("The deployment is not registered for this platform.")
    if claims.get(CLAIM + "version") != "1.3.0":
        raise LaunchError("Only LTI 1.3.0 launches are supported.")
    message_type = claims.get(CLAIM + "message_type")
    if message_type == RESOURCE_LINK_REQUEST:
        if not (claims.get(CLAIM + "resource_link") or {}).get("id"):
            raise LaunchError("The resource link launch has no resource link id.")
    elif message_type == DEEP_LINKING_REQUEST:
        if not (claims.get(DL_CLAIM + "deep_linking_settings") or {}).get("deep_link_return_url"):
            raise LaunchError("The deep linking request has no return URL.")
        if not has_teaching_role(claims.get(CLAIM + "roles")):
            raise LaunchError(
                _(
                    "Only instructors, content developers and administrators can add reading lists to a course. "
                    "The learning platform says you have none of these roles here."
                )
            )
    else:
        raise LaunchError(f"Unsupported message type {message_type!r}.")


def validate_launch(request) -> Launch:
    """The verified launch whose id_token is POSTed to the launch URL; LaunchError otherwise."""
    id_token = request.POST.get("id_token", "")
    state = request.POST.get("state", "")
    if not id_token:
        raise LaunchError("The launch carries no id_token.", status=400)
    if not state:
        raise LaunchError("The launch carries no state.", status=400)
    try:
        header = jwt.get_unverified_header(id_token)
        unverified = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError as error:
        raise LaunchError("The id_token is not a JWT.", status=400) from error
    if header.get("alg") != ALGORITHM:
        raise LaunchError(f"Tokens must be signed with {ALGORITHM}, not {header.get('alg')!r}.")

    platform = _find_platform(unverified)
    key = platform_key(platform, header.get("kid"))
    try:
        claims = jwt.decode(
            id_token,
            key,
            algorithms=[ALGORITHM],
            audience=platform.client_id,
            issuer=platform.issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.InvalidSignatureError as error:
        raise LaunchError("The token's signature does not verify.") from error
    except jwt.ExpiredSignatureError as error:
        raise LaunchError("The token has expired.") from error
    except jwt.ImmatureSignatureError as error:
        raise LaunchError("The token was issued in the future.") from error
    except jwt.PyJWTError as error:
        raise LaunchError(f"The token is not valid: {error}") from error
    if claims["iat"] > time.time() + LEEWAY_SECONDS:  # PyJWT checks this too; kept explicit
        raise LaunchError("The token was issued in the future.")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != platform.client_id:
        raise LaunchError("The token's authorized party (azp) is not this tool.")
    if not isinstance(claims["nonce"], str):
        raise LaunchError("The token's nonce is not a string.")

    state_confirmed = _check_state(request, platform, claims, state)
    _check_message(platform, claims)
    # Reserved now, also when the platform's storage still has to confirm the state: a token is good once.
    if not UsedNonce.use(platform, claims["nonce"]):
        raise LaunchError("This launch was already used (replayed nonce).")
    return Launch(platform, claims, state, state_confirmed)


def deep_linking_response(platform: Platform, deployment_id: str, data: str | None, items: list[dict]) -> str:
    """A signed LtiDeepLinkingResponse JWT for the platform's deep_link_return_url."""
    key = ToolKey.objects.current()
    now = int(time.time())
    claims = {
        "iss": platform.client_id,
        "aud": platform.issuer,
        "iat": now,
        "exp": now + 300,
        "nonce": uuid.uuid4().hex,
        CLAIM + "message_type": "LtiDeepLinkingResponse",
        CLAIM + "version": "1.3.0",
        CLAIM + "deployment_id": deployment_id,
        DL_CLAIM + "content_items": items,
    }
    if data is not None:
        claims[DL_CLAIM + "data"] = data
    return jwt.encode(claims, key.private_pem, algorithm=ALGORITHM, headers={"kid": key.kid})
