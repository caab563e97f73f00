"""Checks of an LTI 1.3 launch (1EdTech Security Framework 1.0, LTI Core 1.3, Deep Linking 2.0) on PyJWT."""

import logging
import time
import uuid

import httpx
import jwt
from django.core import signing
from django.core.cache import cache

from lti.models import Platform, ToolKey, UsedNonce, jwks_to_keys, parse_public_keys

logger = logging.getLogger("lti")

ALGORITHM = "RS256"
LEEWAY_SECONDS = 60
JWKS_TIMEOUT_SECONDS = 5
JWKS_CACHE_SECONDS = 600
STATE_MAX_AGE_SECONDS = 600
STATE_COOKIE_PREFIX = "lti_state_"
STATE_SALT = "lti.state"

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"


class LaunchError(Exception):
    """A launch we refuse: shown to the user and logged as a warning."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.message = message
        self.status = status


def new_state() -> tuple[str, str]:
    return uuid.uuid4().hex, uuid.uuid4().hex


def state_cookie_name(state: str) -> str:
    return STATE_COOKIE_PREFIX + state


def state_cookie_value(state: str, nonce: str, platform: Platform) -> str:
    return signing.dumps({"state": state, "nonce": nonce, "platform": platform.pk}, salt=STATE_SALT, compress=True)


def fetch_jwks(url: str, *, refresh: bool = False) -> dict:
    cache_key = f"lti:jwks:{url}"
    if not refresh and (cached := cache.get(cache_key)) is not None:
        return cached
    try:
        response = httpx.get(url, timeout=JWKS_TIMEOUT_SECONDS, follow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise LaunchError(f"The platform's keyset could not be fetched ({error.__class__.__name__}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise LaunchError("The platform's keyset is not a JWKS.")
    cache.set(cache_key, data, JWKS_CACHE_SECONDS)
    return data


def platform_key(platform: Platform, kid: str | None):
    """The platform's public key with this kid: pasted keys first, then the JWKS URL (refetched once on a miss)."""
    try:
        pasted = parse_public_keys(platform.public_key)
    except (ValueError, TypeError, jwt.PyJWTError) as error:
        raise LaunchError("The platform's registered public key is unusable.") from error
    if kid is not None and kid in pasted:
        return pasted[kid]
    if None in pasted:  # a pasted PEM key carries no kid: it is the platform's only key
        return pasted[None]
    if platform.jwks_url:
        if not kid:
            raise LaunchError("The token has no key id (kid).")
        try:
            keys = jwks_to_keys(fetch_jwks(platform.jwks_url))
            if kid not in keys:  # the platform may have rotated its keys since we cached them
                keys = jwks_to_keys(fetch_jwks(platform.jwks_url, refresh=True))
        except (ValueError, TypeError, jwt.PyJWTError) as error:
            raise LaunchError("The platform's keyset holds an unusable key.") from error
        if kid in keys:
            return keys[kid]
    raise LaunchError("The token was signed with a key this platform has not published (unknown kid).")


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


def validate_launch(request) -> tuple[Platform, dict]:
    """The platform and the verified claims of the id_token POSTed to the launch URL; LaunchError otherwise."""
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

    cookie = request.COOKIES.get(state_cookie_name(state))
    try:
        saved = signing.loads(cookie or "", salt=STATE_SALT, max_age=STATE_MAX_AGE_SECONDS)
    except signing.BadSignature as error:
        raise LaunchError(
            "The launch's state does not match this browser's login (missing, expired or forged)."
        ) from error
    if saved.get("state") != state or saved.get("platform") != platform.pk:
        raise LaunchError("The launch's state does not match this browser's login.")
    if claims["nonce"] != saved.get("nonce"):
        raise LaunchError("The token's nonce is not the one this login issued.")

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
    else:
        raise LaunchError(f"Unsupported message type {message_type!r}.")

    if not UsedNonce.use(platform, claims["nonce"]):
        raise LaunchError("This launch was already used (replayed nonce).")
    return platform, claims


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
