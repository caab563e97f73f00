"""LTI 1.3 registrations: the platforms (LMSs) that may launch us, our own signing keys, and used nonces."""

import ipaddress
import json
import uuid
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A nonce is remembered at least as long as a token carrying it could still be accepted.
NONCE_RETENTION = timezone.timedelta(days=1)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def url_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def insecure_urls_allowed() -> bool:
    """Plain http and local addresses for a platform's URLs: development and tests only."""
    return settings.DEBUG or getattr(settings, "LTI_ALLOW_INSECURE_URLS", False)


def url_problem(url: str) -> str:
    """Why a platform URL is refused ("" when it is fine): https only, and not an obviously local host.

    Host names are resolved and checked again when the keyset is fetched (lti.jwks); this catches the
    typing mistakes and literal addresses early, with a message in the admin form.
    """
    if insecure_urls_allowed():
        return ""
    parts = urlsplit(url)
    if parts.scheme != "https":
        return _("Use an https:// URL (plain http is allowed only in development).")
    host = (parts.hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return _("This URL points to this server itself (localhost).")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    if not address.is_global or address.is_multicast:
        return _("This URL points to a private or local network address.")
    return ""


def parse_public_keys(text: str) -> dict[str | None, object]:
    """Keys from a pasted PEM public key, a JWK or a JWKS: {kid: key}; a PEM key has no kid (None)."""
    text = text.strip()
    if not text:
        return {}
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, rsa.RSAPublicKey):
            raise ValueError("The PEM key is not an RSA public key.")
        return {None: key}
    data = json.loads(text)
    return jwks_to_keys(data if "keys" in data else {"keys": [data]})


def jwks_to_keys(data: dict) -> dict[str | None, object]:
    keys = {}
    for jwk in data.get("keys", []):
        if jwk.get("kty") != "RSA" or jwk.get("use", "sig") != "sig" or jwk.get("alg", "RS256") != "RS256":
            continue
        if "d" in jwk:
            raise ValueError("This is a private key: paste the platform's public key only.")
        keys[jwk.get("kid")] = jwt.PyJWK(jwk, algorithm="RS256").key
    return keys


def _new_id() -> str:
    return uuid.uuid4().hex


class Platform(models.Model):
    """An LMS registration: Moodle, Canvas or Blackboard as the administrator registered us there."""

    name = models.CharField(max_length=120, help_text="e.g. University Moodle.")
    issuer = models.CharField(max_length=255, help_text="The platform's issuer (iss), exactly as it sends it.")
    client_id = models.CharField(max_length=255, help_text="The client ID the platform gave this tool.")
    deployment_ids = models.TextField(help_text="One deployment ID per line, as shown in the platform.")
    auth_login_url = models.URLField(
        "OIDC authentication URL", max_length=500, help_text="The platform's OIDC authorization endpoint."
    )
    jwks_url = models.URLField(
        "JWKS URL",
        max_length=500,
        blank=True,
        help_text="The platform's public keyset URL (preferred: follows key rotation).",
    )
    public_key = models.TextField(
        blank=True, help_text="Or paste the platform's public key: a PEM key, a JWK or a JWKS (JSON)."
    )
    frame_origins = models.TextField(
        blank=True,
        help_text="Extra origins that show the tool in a frame, one per line (e.g. https://myschool.instructure.com). "
        "The issuer's and the authentication URL's origins are always allowed.",
    )
    active = models.BooleanField(default=True, help_text="Inactive platforms cannot launch the tool.")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["issuer", "client_id"], name="lti_platform_issuer_client")]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.jwks_url and not self.public_key.strip():
            raise ValidationError("Give the platform's JWKS URL or paste its public key.")
        try:
            parse_public_keys(self.public_key)
        except (ValueError, TypeError, jwt.PyJWTError) as error:
            raise ValidationError({"public_key": f"This is not a usable RSA public key: {error}"}) from error
        problems = {field: url_problem(getattr(self, field)) for field in ("auth_login_url", "jwks_url")}
        problems = {field: problem for field, problem in problems.items() if getattr(self, field) and problem}
        if problems:
            raise ValidationError(problems)
        for origin in _lines(self.frame_origins):
            if url_origin(origin) != origin.rstrip("/"):
                raise ValidationError({"frame_origins": f"{origin} is not an origin such as https://lms.example.edu."})

    def deployment_id_list(self) -> list[str]:
        return _lines(self.deployment_ids)

    def origins(self) -> list[str]:
        found = [url_origin(self.issuer), url_origin(self.auth_login_url)]
        found += [line.rstrip("/") for line in _lines(self.frame_origins)]
        return list(dict.fromkeys(origin for origin in found if origin))


class ToolKeyManager(models.Manager):
    def current(self) -> "ToolKey":
        """The newest active key pair; generated and stored on first use."""
        key = self.filter(active=True).order_by("-created", "-pk").first()
        return key or self.generate()

    def generate(self) -> "ToolKey":
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        kid = uuid.uuid4().hex
        public_jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key(), as_dict=True)
        public_jwk.update({"kid": kid, "alg": "RS256", "use": "sig"})
        private_pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode()
        return self.create(kid=kid, private_pem=private_pem, public_jwk=public_jwk)


class ToolKey(models.Model):
    """This tool's RSA key pair for signing deep-linking responses; the public half is served at /lti/jwks/."""

    kid = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    public_jwk = models.JSONField()
    active = models.BooleanField(
        default=True, help_text="Inactive keys are neither used nor published. Keep an old key active while rotating."
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = ToolKeyManager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "tool key"

    def __str__(self):
        return self.kid


class UsedNonce(models.Model):
    """Nonces of accepted launches: each is accepted only once per platform."""

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="used_nonces")
    nonce = models.CharField(max_length=255)
    used = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform", "nonce"], name="lti_nonce_once_per_platform")]

    def __str__(self):
        return self.nonce

    @classmethod
    def use(cls, platform: Platform, nonce: str) -> bool:
        """Record the nonce; False when it was used before."""
        cls.objects.filter(used__lt=timezone.now() - NONCE_RETENTION).delete()
        try:
            with transaction.atomic():
                cls.objects.create(platform=platform, nonce=nonce)
        except IntegrityError:
            return False
        return True


class PendingLaunch(models.Model):
    """A verified launch whose browser sent no state cookie: it waits until the platform's storage, read by
    our page in that browser, confirms the state (lti.storage). Redeemed once, then gone."""

    id = models.CharField(primary_key=True, max_length=32, default=_new_id, editable=False)
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="pending_launches")
    state = models.CharField(max_length=255)
    claims = models.JSONField()
    created = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.id

    @classmethod
    def start(cls, platform: Platform, state: str, claims: dict) -> "PendingLaunch":
        cls.objects.filter(created__lt=timezone.now() - NONCE_RETENTION).delete()  # the never-continued ones
        return cls.objects.create(platform=platform, state=state, claims=claims)

    @classmethod
    def redeem(cls, pk: str, state: str, max_age: timezone.timedelta) -> "PendingLaunch | None":
        """The pending launch with this id and state, removed; None when unknown, used, expired or inactive."""
        pending = (
            cls.objects.filter(pk=pk, state=state, created__gte=timezone.now() - max_age, platform__active=True)
            .select_related("platform")
            .first()
        )
        # Only one request can delete the row: of two racing continuations, one wins.
        if pending is None or cls.objects.filter(pk=pk).delete()[0] != 1:
            return None
        return pending
