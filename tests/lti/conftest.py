"""A simulated LMS: its own RSA key pair, signing id_tokens with PyJWT, and the OIDC dance with the tool."""

import json
import re
import threading
import time
import uuid
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache

from courses.models import Course
from lti.models import Platform

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
ISSUER = "https://lms.example.edu"
CLIENT_ID = "tool-client-1"
DEPLOYMENT_ID = "deployment-1"
LAUNCH_URL = "http://testserver/lti/launch/"


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwk(private_key, kid):
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    return {**jwk, "kid": kid, "alg": "RS256", "use": "sig"}


@pytest.fixture(scope="session")
def platform_private_key():
    return rsa_key()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


class SimulatedPlatform:
    def __init__(self, registration: Platform, private_key, kid="platform-key-1"):
        self.registration = registration
        self.private_key = private_key
        self.kid = kid

    def login(self, client, method="get", secure=False, **overrides):
        """The platform's third-party initiated login; returns the tool's response."""
        params = {
            "iss": ISSUER,
            "login_hint": "user-42",
            "target_link_uri": LAUNCH_URL,
            "lti_message_hint": "message-7",
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
            **overrides,
        }
        params = {key: value for key, value in params.items() if value is not None}
        return getattr(client, method)("/lti/login/", params, secure=secure)

    def start(self, client, **overrides) -> tuple[str, str]:
        """Login initiation up to the authentication request: the state and nonce the tool asked for."""
        response = self.login(client, **overrides)
        assert response.status_code == 302, response.content
        query = parse_qs(urlsplit(response["Location"]).query)
        return query["state"][0], query["nonce"][0]

    def start_with_storage(self, client, target="_parent", **overrides) -> tuple[str, str]:
        """A login that offers the platform's storage: the tool answers with a page, not a redirect; its
        authentication URL is in the page's data-auth-url."""
        response = self.login(client, lti_storage_target=target, **overrides)
        assert response.status_code == 200, response.content
        auth_url = unescape(re.search(r'data-auth-url="([^"]*)"', response.content.decode())[1])
        query = parse_qs(urlsplit(auth_url).query)
        return query["state"][0], query["nonce"][0]

    def claims(self, nonce, /, message_type="LtiResourceLinkRequest", custom=None, **overrides):
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "user-42",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "name": "Lin Mei",
            CLAIM + "message_type": message_type,
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": DEPLOYMENT_ID,
            CLAIM + "target_link_uri": LAUNCH_URL,
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
        }
        if message_type == "LtiResourceLinkRequest":
            claims[CLAIM + "resource_link"] = {"id": "link-" + uuid.uuid4().hex[:6], "title": "Readings"}
        else:
            claims[CLAIM + "roles"] = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]
            claims[DL_CLAIM + "deep_linking_settings"] = {
                "deep_link_return_url": "https://lms.example.edu/deep-link-return?course=77",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "data": "opaque-platform-data",
            }
        if custom is not None:
            claims[CLAIM + "custom"] = custom
        claims.update(overrides)
        return {key: value for key, value in claims.items() if value is not None}

    def sign(self, claims, key=None, kid="default", algorithm="RS256"):
        kid = self.kid if kid == "default" else kid
        headers = {"kid": kid} if kid else {}
        return jwt.encode(claims, key or self.private_key, algorithm=algorithm, headers=headers)

    def launch(self, client, id_token, state, secure=False, **form):
        """The platform's form post of the id_token; extra form fields such as lti_storage_target."""
        data = {"id_token": id_token, "state": state, **form}
        data = {key: value for key, value in data.items() if value is not None}
        return client.post("/lti/launch/", data, secure=secure)

    def full_launch(self, client, **claim_overrides):
        state, nonce = self.start(client)
        return self.launch(client, self.sign(self.claims(nonce, **claim_overrides)), state)


@pytest.fixture
def platform_registration(db, platform_private_key):
    return Platform.objects.create(
        name="University Moodle",
        issuer=ISSUER,
        client_id=CLIENT_ID,
        deployment_ids=f"{DEPLOYMENT_ID}\nanother-deployment",
        auth_login_url="https://lms.example.edu/mod/lti/auth.php",
        public_key=json.dumps(public_jwk(platform_private_key, "platform-key-1")),
    )


@pytest.fixture
def lms(platform_registration, platform_private_key):
    return SimulatedPlatform(platform_registration, platform_private_key)


@pytest.fixture
def published_course(make_course):
    return make_course(slug="soc-101", status=Course.Status.PUBLISHED, units=((5, 3), (14,)))


class KeysetServer:
    """A platform's JWKS endpoint on 127.0.0.1, started by the test; counts requests, remembers Host headers."""

    def __init__(self, keyset, delay=0.0, status=200, location=None, tls=None):
        self.keyset, self.delay, self.status, self.location = keyset, delay, status, location
        self.requests, self.hosts = 0, []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests += 1
                server.hosts.append(self.headers.get("Host"))
                time.sleep(server.delay)
                body = json.dumps(server.keyset).encode()
                self.send_response(server.status)
                if server.location:
                    self.send_header("Location", server.location)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:  # an ssl.SSLContext with the server's certificate
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_port
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/jwks"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_urls_allowed(settings):
    """The tests' keyset servers are plain http on 127.0.0.1, which production refuses."""
    settings.LTI_ALLOW_INSECURE_URLS = True


@pytest.fixture
def keyset_server(platform_private_key):
    server = KeysetServer({"keys": [public_jwk(platform_private_key, "platform-key-1")]})
    yield server
    server.close()


@pytest.fixture
def jwks_platform(platform_registration, keyset_server, local_urls_allowed):
    """The registration with its keys at the local keyset server's URL instead of pasted."""
    platform_registration.public_key, platform_registration.jwks_url = "", keyset_server.url
    platform_registration.save()
    return platform_registration


class CacheClock:
    def __init__(self):
        self.offset = 0.0

    def time(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def cache_clock(monkeypatch, settings):
    """The clock by which the local-memory cache sets and expires its entries (the keyset, the refetch
    allowance, a remembered failure), moved on by the test instead of sleeping through a timeout."""
    from django.core.cache.backends import base, locmem

    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"), "the tests' cache is the local one"
    clock = CacheClock()
    monkeypatch.setattr(base, "time", clock)
    monkeypatch.setattr(locmem, "time", clock)
    return clock
