"""Several app servers behind a load balancer share PostgreSQL and Redis and nothing else: two gunicorn servers
(started with scripts/serve) on one database and one cache agree on content, sessions and used LTI nonces."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
import redis

from tests.lti.conftest import CLIENT_ID, DEPLOYMENT_ID, ISSUER, SimulatedPlatform, public_jwk, rsa_key
from tests.ops.conftest import REDIS, ROOT, manage, needs_postgres, needs_redis

pytestmark = [needs_postgres, needs_redis]

COURSE = "urban-left-behind-children"
PASSWORD = "a-long-two-server-password-123"

SETUP = """
import json, sys
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from lti.models import Platform
user = get_user_model().objects.get(username="demo-instructor")
user.set_password(sys.argv[-1])
user.save()
Platform.objects.create(
    name="University Moodle", issuer=%(issuer)r, client_id=%(client_id)r, deployment_ids=%(deployment)r,
    auth_login_url="https://lms.example.edu/mod/lti/auth.php", public_key=%(jwk)r,
)
print("TOKEN", Token.objects.get_or_create(user=user)[0].key)
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server stopped while starting (see its log)"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not become healthy in {seconds} s")


@pytest.fixture(scope="module")
def platform_key():
    return rsa_key()


@pytest.fixture(scope="module")
def servers(scratch_postgres, tmp_path_factory, platform_key):
    """Two app servers, A and B, each started by scripts/serve: {"A": url, "B": url, "token": …}."""
    database_url = scratch_postgres("servers")
    redis.Redis.from_url(REDIS).flushdb()  # db 7 is the tests' own
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS,
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        # Plain http on loopback: no HTTPS redirect, no Secure-only cookies.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "API_ANON_RATE": "100000/minute",
    }
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo", env=env)
    jwk = json.dumps(public_jwk(platform_key, "platform-key-1"))
    code = SETUP % {"issuer": ISSUER, "client_id": CLIENT_ID, "deployment": DEPLOYMENT_ID, "jwk": jwk}
    script = tmp_path_factory.mktemp("setup") / "setup.py"
    script.write_text(code)
    printed = manage(
        "shell", "-c", f"import sys; sys.argv.append({PASSWORD!r}); exec(open({str(script)!r}).read())", env=env
    )
    token = re.search(r"TOKEN (\w+)", printed.stdout)[1]
    logs = tmp_path_factory.mktemp("logs")
    started, urls = [], {}
    try:
        for name in ("A", "B"):
            port = free_port()
            log = open(logs / f"{name}.log", "w")  # noqa: SIM115 -- open for the server's whole life
            server = subprocess.Popen(
                [str(ROOT / "scripts" / "serve")],
                env={**os.environ, **env, "PORT": str(port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: gunicorn and its workers stop together
            )
            started.append(server)
            urls[name] = f"http://127.0.0.1:{port}"
            wait_healthy(urls[name], server)
        yield {**urls, "token": token}
    finally:
        for server in started:
            os.killpg(server.pid, signal.SIGTERM)
        for server in started:
            server.wait(timeout=30)


def test_a_change_written_through_one_server_is_seen_at_once_through_the_other(servers):
    a, b = servers["A"], servers["B"]
    page, api = f"/courses/{COURSE}/", f"/api/v1/courses/{COURSE}/"
    page_etag = httpx.get(b + page).headers["ETag"]
    api_etag = httpx.get(b + api).headers["ETag"]
    title = f"Urban left-behind children, retitled {secrets.token_hex(3)}"
    written = httpx.patch(a + api, json={"title": title}, headers={"Authorization": f"Token {servers['token']}"})
    assert written.status_code == 200, written.text
    # B has the old page and API read in the shared cache; it must not serve them, nor say "not modified".
    page_after = httpx.get(b + page, headers={"If-None-Match": page_etag})
    api_after = httpx.get(b + api, headers={"If-None-Match": api_etag})
    assert page_after.status_code == 200 and title in page_after.text
    assert api_after.status_code == 200 and api_after.json()["title"] == title


def test_a_session_made_on_one_server_works_on_the_other(servers):
    a, b = servers["A"], servers["B"]
    with httpx.Client(base_url=a) as browser:
        browser.get("/admin/login/")
        signed_in = browser.post(
            "/admin/login/?next=/admin/",
            data={
                "username": "demo-instructor",
                "password": PASSWORD,
                "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            },
        )
        assert signed_in.status_code == 302 and signed_in.headers["Location"] == "/admin/"
        session = browser.cookies["sessionid"]
    on_b = httpx.get(f"{b}/admin/", cookies={"sessionid": session})
    assert on_b.status_code == 200
    assert "Site administration" in on_b.text and "logout-form" in on_b.text  # signed in, not sent to log in


def test_an_lti_nonce_used_on_one_server_is_refused_on_the_other(servers, platform_key):
    a, b = servers["A"], servers["B"]
    login = httpx.get(
        f"{a}/lti/login/",
        params={
            "iss": ISSUER,
            "login_hint": "user-42",
            "target_link_uri": f"{a}/lti/launch/",
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
        },
    )
    assert login.status_code == 302, login.text
    query = parse_qs(urlsplit(login.headers["Location"]).query)
    state, nonce = query["state"][0], query["nonce"][0]
    lms = SimulatedPlatform(registration=None, private_key=platform_key)
    claims = lms.claims(nonce, custom={"course": COURSE}, **{
        "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": f"{a}/lti/launch/"
    })  # fmt: skip
    form = {
        "id_token": jwt.encode(claims, platform_key, algorithm="RS256", headers={"kid": "platform-key-1"}),
        "state": state,
    }
    cookies = dict(login.cookies)
    first = httpx.post(f"{a}/lti/launch/", data=form, cookies=cookies)
    assert first.status_code == 200, first.text[:2000]
    current_title = httpx.get(f"{b}/api/v1/courses/{COURSE}/").json()["title"]  # another test may retitle it
    assert current_title in first.text
    replayed = httpx.post(f"{b}/lti/launch/", data=form, cookies=cookies)
    assert replayed.status_code in (400, 403)
    assert "already used" in replayed.text
