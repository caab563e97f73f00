"""The platform's public keys: pasted in the registration or fetched from its JWKS URL, safely.

A JWKS URL is typed in by an administrator and fetched by the server, so it must not become a way to
reach the server's own network (SSRF): only https, only hosts whose every address is public, no
redirects, and the connection goes to the very address that was checked (a second DNS lookup could
answer differently: DNS rebinding). Development and the tests' local keyset servers relax the first
two with settings.DEBUG or LTI_ALLOW_INSECURE_URLS.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import httpx
import jwt
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from lti.errors import LaunchError
from lti.models import Platform, insecure_urls_allowed, jwks_to_keys, parse_public_keys

JWKS_TIMEOUT_SECONDS = 5
JWKS_CACHE_SECONDS = 600
# An unknown kid makes us refetch (the platform may have rotated its keys), but tokens with made-up kids
# must not make us hit the platform on every request: one forced refetch per platform per interval.
JWKS_REFETCH_INTERVAL_SECONDS = 60
JWKS_FAILURE_CACHE_SECONDS = 30
# Certificates are verified against the system's trust store; the tests put an ssl.SSLContext trusting their CA here.
TLS_VERIFY = True


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _checked_address(host: str, port: int) -> str:
    """The address to connect to; LaunchError when the host does not resolve or resolves to a private one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise LaunchError(_("The platform's keyset URL names a host that does not resolve.")) from error
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise LaunchError(_("The platform's keyset URL names a host that does not resolve."))
    # Every address must be public: a host answering with one public and one private address is refused too.
    if not insecure_urls_allowed() and not all(is_public_address(address) for address in addresses):
        raise LaunchError(_("The platform's keyset URL points to a private or local network address; refused."))
    return addresses[0]


def _get_pinned(url: str) -> httpx.Response:
    parts = urlsplit(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and insecure_urls_allowed()):
        raise LaunchError(_("The platform's keyset URL must use https."))
    if not parts.hostname:
        raise LaunchError(_("The platform's keyset URL has no host."))
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _checked_address(parts.hostname, port)
    pinned = httpx.URL(url).copy_with(host=address)
    # Host header and TLS server name (SNI and certificate check) stay the registered host's.
    # trust_env=False: a proxy from the environment would resolve the name again, defeating the check above.
    client = httpx.Client(timeout=JWKS_TIMEOUT_SECONDS, follow_redirects=False, trust_env=False, verify=TLS_VERIFY)
    with client:
        return client.get(pinned, headers={"Host": parts.netloc}, extensions={"sni_hostname": parts.hostname})


def _download_jwks(url: str) -> dict:
    try:
        response = _get_pinned(url)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as error:
        raise LaunchError(f"The platform's keyset could not be fetched ({error.__class__.__name__}).") from error
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise LaunchError("The platform's keyset is not a JWKS.")
    return data


def fetch_jwks(url: str, *, refresh: bool = False) -> dict:
    cache_key = f"lti:jwks:{url}"
    if not refresh and (cached := cache.get(cache_key)) is not None:
        return cached
    # A failed fetch is remembered for a while: launches (forged ones included) must not make us wait on an
    # unreachable or broken keyset URL, and hit it, on every request.
    failed_key = f"lti:jwks-failed:{url}"
    if (failure := cache.get(failed_key)) is not None:
        raise LaunchError(failure)
    try:
        data = _download_jwks(url)
    except LaunchError as error:
        cache.set(failed_key, str(error.message), JWKS_FAILURE_CACHE_SECONDS)
        raise
    cache.set(cache_key, data, JWKS_CACHE_SECONDS)
    return data


def _may_refetch(platform: Platform) -> bool:
    """True at most once per platform per JWKS_REFETCH_INTERVAL_SECONDS (cache.add is atomic)."""
    return cache.add(f"lti:jwks-refetch:{platform.pk}", True, JWKS_REFETCH_INTERVAL_SECONDS)


def platform_key(platform: Platform, kid: str | None):
    """The platform's public key with this kid: pasted keys first, then the JWKS URL (refetched on a miss)."""
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
            # The platform may have rotated its keys since we cached them.
            if kid not in keys and _may_refetch(platform):
                keys = jwks_to_keys(fetch_jwks(platform.jwks_url, refresh=True))
        except (ValueError, TypeError, jwt.PyJWTError) as error:
            raise LaunchError("The platform's keyset holds an unusable key.") from error
        if kid in keys:
            return keys[kid]
    raise LaunchError("The token was signed with a key this platform has not published (unknown kid).")
