"""In Chromium, an LMS on another site frames the tool, and the tool's state cookie does not come back: the launch
still shows the reading list because the platform's storage (1EdTech LTI Client Side postMessages) confirms the
state and nonce. The LMS is simulated by a small HTTP server on 127.0.0.1: its course page frames the tool
and answers lti.capabilities, a hidden frame named "lti_storage" answers lti.put_data / lti.get_data, and its
authentication endpoint signs the id_token with the LMS's own key and posts it to the tool, like Moodle does.

The tool runs on the live server (http://localhost:<port>), another site than 127.0.0.1: the launch is a
cross-site POST inside the frame, so the browser sends no SameSite=Lax cookie, as Safari sends no cookie.
"""

import json
import threading
import time
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from playwright.sync_api import Page, Route, expect

from courses.models import Course
from lti.models import Platform
from tests.browser.conftest import DESKTOP, BrowserProblems

pytestmark = pytest.mark.browser

EVIL = "http://evil.test"
CLIENT_ID = "browser-tool"
DEPLOYMENT_ID = "deployment-1"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"

# The LMS's course page: it frames the tool (after the storage frame is ready) and answers lti.capabilities.
# mode "evil": it passes every message on to a frame of another site, which answers them all with forged
# confirmations; the tool must not believe answers from an origin the registration does not name.
COURSE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>LMS</title>
</head><body><h1>LMS course</h1>
<iframe name="lti_storage" src="/storage?mode=__MODE__" hidden></iframe>
<iframe name="evil" src="__EVIL__/relay" hidden></iframe>
<iframe name="tool" id="tool" width="1000" height="700"></iframe>
<script>
const TOOL = "__TOOL_ORIGIN__", MODE = "__MODE__";
window.ltiLog = [];
window.addEventListener("message", (event) => {
  if (event.origin !== TOOL) return;
  const message = event.data;
  window.ltiLog.push({frame: "parent", subject: message.subject});
  if (MODE === "evil") { frames.evil.postMessage(message, "__EVIL__"); return; }
  if (message.subject === "lti.capabilities") {
    event.source.postMessage({
      subject: "lti.capabilities.response", message_id: message.message_id,
      supported_messages: [
        {subject: "lti.capabilities"},
        {subject: "lti.put_data", frame: "lti_storage"},
        {subject: "lti.get_data", frame: "lti_storage"},
      ],
    }, event.origin);
  }
});
window.startLaunch = () => { document.getElementById("tool").src = "__LOGIN_URL__"; };
</script></body></html>"""

# The LMS's storage frame: values per tool origin, in this browser only. mode "forget": it acknowledges
# lti.put_data but keeps nothing, as if the login had happened in another browser.
STORAGE_FRAME = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script>
const TOOL = "__TOOL_ORIGIN__", MODE = new URLSearchParams(location.search).get("mode");
const store = new Map();
window.addEventListener("message", (event) => {
  if (event.origin !== TOOL) return;
  const message = event.data;
  parent.ltiLog.push({frame: "lti_storage", subject: message.subject, key: message.key, value: message.value});
  const answer = {subject: message.subject + ".response", message_id: message.message_id, key: message.key};
  if (message.subject === "lti.put_data") {
    if (MODE !== "forget") store.set(message.key, message.value);
    answer.value = message.value;
  } else if (message.subject === "lti.get_data") {
    answer.value = store.has(message.key) ? store.get(message.key) : null;
  } else {
    answer.error = {code: "unsupported_subject", message: "Not supported here"};
  }
  event.source.postMessage(answer, event.origin);
});
</script></body></html>"""

# Another site's frame on the LMS page: it answers whatever it is passed as if it were the storage.
EVIL_RELAY = """<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><script>
window.addEventListener("message", (event) => {
  const message = event.data;
  const answer = {subject: message.subject + ".response", message_id: message.message_id, key: message.key,
    value: message.key ? message.key.replace(/^(state|nonce)_/, "") : undefined,
    supported_messages: [{subject: "lti.put_data"}, {subject: "lti.get_data"}]};
  parent.frames.tool.postMessage(answer, "*");
});
</script></body></html>"""


class SimulatedLms:
    """The LMS: an HTTP server on 127.0.0.1 (another site than the tool's localhost, but a local address, so
    Chromium's Local Network Access lets its page frame the tool); evil.test is a Playwright route. It
    remembers the authentication requests it answered."""

    def __init__(self, page: Page, tool_origin: str, private_key, mode: str = "normal"):
        self.tool_origin, self.private_key, self.mode = tool_origin, private_key, mode
        self.authentications: list[dict] = []
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                pages = {"/course": lambda: lms.page(COURSE_PAGE), "/storage": lambda: lms.page(STORAGE_FRAME)}
                pages["/auth"] = lambda: lms.authenticate(parse_qs(url.query))
                if url.path not in pages:
                    self.send_response(204)
                    self.end_headers()
                    return
                body = pages[url.path]().encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        page.context.route(f"{EVIL}/**", self.evil)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def login_url(self) -> str:
        params = {
            "iss": self.origin,
            "login_hint": "student-7",
            "target_link_uri": f"{self.tool_origin}/lti/launch/",
            "lti_message_hint": "link-3",
            "client_id": CLIENT_ID,
            "lti_deployment_id": DEPLOYMENT_ID,
            "lti_storage_target": "lti_storage",
        }
        return f"{self.tool_origin}/lti/login/?{urlencode(params)}"

    def page(self, template: str) -> str:
        replacements = {"TOOL_ORIGIN": self.tool_origin, "MODE": self.mode, "EVIL": EVIL, "LOGIN_URL": self.login_url()}
        for name, value in replacements.items():
            template = template.replace(f"__{name}__", value)
        return template

    def evil(self, route: Route) -> None:
        route.fulfill(content_type="text/html", body=EVIL_RELAY)

    def authenticate(self, query: dict) -> str:
        """The OIDC authentication endpoint: checks the request, then posts a signed id_token to the tool."""
        request = {key: values[0] for key, values in query.items()}
        self.authentications.append(request)
        assert request["client_id"] == CLIENT_ID and request["login_hint"] == "student-7"
        assert request["redirect_uri"] == f"{self.tool_origin}/lti/launch/"
        now = int(time.time())
        claims = {
            "iss": self.origin,
            "aud": CLIENT_ID,
            "sub": "student-7",
            "iat": now,
            "exp": now + 300,
            "nonce": request["nonce"],
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": DEPLOYMENT_ID,
            CLAIM + "target_link_uri": f"{self.tool_origin}/lti/launch/",
            CLAIM + "resource_link": {"id": "link-3"},
            CLAIM + "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"],
            CLAIM + "custom": {"course": "soc-101"},
        }
        id_token = jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": "lms-key-1"})
        fields = {"id_token": id_token, "state": request["state"], "lti_storage_target": "lti_storage"}
        inputs = "".join(
            f'<input type="hidden" name="{name}" value="{escape(value)}">' for name, value in fields.items()
        )
        return (
            f'<!doctype html><html><head><link rel="icon" href="data:,"></head><body><form method="post" '
            f'action="{escape(request["redirect_uri"])}">{inputs}</form>'
            "<script>document.forms[0].submit();</script></body></html>"
        )


@pytest.fixture
def lms_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def course(transactional_db, make_course):
    return make_course(slug="soc-101", status=Course.Status.PUBLISHED)


def register(lms: "SimulatedLms", key) -> Platform:
    jwk = {**jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True), "kid": "lms-key-1"}
    return Platform.objects.create(
        name="Simulated LMS",
        issuer=lms.origin,
        client_id=CLIENT_ID,
        deployment_ids=DEPLOYMENT_ID,
        auth_login_url=f"{lms.origin}/auth",
        public_key=json.dumps(jwk),
    )


@pytest.fixture
def open_lms(new_page, live_server, lms_key, course):
    """open_lms(mode) -> (page, lms, tool requests, problems): the LMS course page, the launch started."""
    servers = []

    def open_page(mode="normal"):
        page = new_page(**DESKTOP)
        problems = BrowserProblems()
        problems.watch(page)
        lms = SimulatedLms(page, live_server.url, lms_key, mode)
        servers.append(lms)
        register(lms, lms_key)
        tool_requests = []
        page.on("request", lambda request: request.url.startswith(live_server.url) and tool_requests.append(request))
        page.goto(f"{lms.origin}/course")
        page.wait_for_function("() => frames.lti_storage && frames.lti_storage.document.readyState === 'complete'")
        page.evaluate("startLaunch()")
        return page, lms, tool_requests, problems

    yield open_page
    for server in servers:
        server.close()


def launch_posts(requests, path):
    return [request for request in requests if request.method == "POST" and urlsplit(request.url).path == path]


def test_without_the_cookie_the_platform_storage_confirms_the_launch_and_the_reading_list_shows(open_lms):
    page, lms, tool_requests, problems = open_lms()
    tool = page.frame_locator("#tool")

    expect(tool.locator("h1")).to_have_text("Course soc-101")
    expect(tool.locator("[data-reading]")).to_have_count(3)

    [authentication] = lms.authentications
    state, nonce = authentication["state"], authentication["nonce"]
    log = page.evaluate("window.ltiLog")
    stored = [(entry["key"], entry["value"]) for entry in log if entry["subject"] == "lti.put_data"]
    assert stored == [(f"state_{state}", state), (f"nonce_{nonce}", nonce)]
    read = [entry["key"] for entry in log if entry["subject"] == "lti.get_data"]
    assert read == [f"state_{state}", f"nonce_{nonce}"]
    assert all(entry["frame"] == "lti_storage" for entry in log if entry["subject"] != "lti.capabilities")
    assert {entry["frame"] for entry in log if entry["subject"] == "lti.capabilities"} == {"parent"}

    [launch] = launch_posts(tool_requests, "/lti/launch/")
    assert "lti_state_" not in (launch.all_headers().get("cookie") or "")  # the cookie did not come back
    [continuation] = launch_posts(tool_requests, "/lti/launch/continue/")
    assert continuation.all_headers()["origin"] == urlsplit(continuation.url)._replace(path="").geturl()
    problems.assert_none()


def test_when_the_platform_storage_does_not_hold_the_state_the_reading_list_stays_hidden(open_lms):
    page, lms, tool_requests, problems = open_lms(mode="forget")
    tool = page.frame_locator("#tool")

    expect(tool.locator("[data-lti-storage-failed]")).to_be_visible()
    expect(tool.locator("[data-lti-storage-failed]")).to_contain_text("could not confirm that this browser")
    expect(tool.locator("[data-lti-storage-checking]")).to_be_hidden()
    assert tool.locator("[data-reading]").count() == 0
    assert launch_posts(tool_requests, "/lti/launch/continue/") == []
    assert len(lms.authentications) == 1
    problems.assert_none()


def test_answers_from_an_origin_the_registration_does_not_name_are_ignored(open_lms):
    """A frame of another site on the LMS page answers every message with forged confirmations; the tool
    trusts none of them: the login goes on without storage (the cookie may still work), the launch stops."""
    page, lms, tool_requests, problems = open_lms(mode="evil")
    tool = page.frame_locator("#tool")

    expect(tool.locator("[data-lti-storage-failed]")).to_be_visible()
    assert tool.locator("[data-reading]").count() == 0
    assert launch_posts(tool_requests, "/lti/launch/continue/") == []
    assert len(lms.authentications) == 1  # the login still went on to the platform
    problems.assert_none()
