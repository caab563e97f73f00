"""A browser that drops the state cookie in the LMS frame (Safari) can still launch when the platform offers its
storage (1EdTech LTI Client Side postMessages): the login keeps state and nonce there, the launch page reads them
back in the browser, and only then continues to the reading list. The browser part is tested in
tests/browser/test_lti_platform_storage_in_a_browser.py; here, what the server sends and accepts."""

import re
import types
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing
from django.test import Client

from lti.models import PendingLaunch, Platform, UsedNonce
from tests.csp import csp_directives
from tests.lti.conftest import CLIENT_ID, LAUNCH_URL

SAME_ORIGIN = {"origin": "http://testserver", "sec-fetch-site": "same-origin"}


def attribute(html, name):
    return unescape(re.search(rf'{name}="([^"]*)"', html)[1])


def hidden(html, name):
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html)[1])


@pytest.fixture
def storage_launch(lms, published_course):
    """Log in offering platform storage, then launch from a browser that sent no cookie: the launch page."""

    def launch(client=None, **claims):
        client = client or Client()
        state, nonce = lms.start_with_storage(client)
        client.cookies.clear()  # Safari keeps no cookie set inside the frame
        token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}, **claims))
        response = lms.launch(client, token, state, lti_storage_target="_parent")
        return client, state, nonce, response

    return launch


def continue_launch(client, html, headers=SAME_ORIGIN, **fields):
    data = {"token": hidden(html, "token"), "state": hidden(html, "state"), **fields}
    return client.post("/lti/launch/continue/", data, headers=headers)


def test_a_login_offering_platform_storage_answers_with_a_page_that_keeps_state_and_nonce_there(lms, client):
    response = lms.login(client, lti_storage_target="post_message_forwarding")

    assert response.status_code == 200
    html = response.content.decode()
    auth_url = attribute(html, "data-auth-url")
    query = {key: values[0] for key, values in parse_qs(urlsplit(auth_url).query).items()}
    assert auth_url.startswith("https://lms.example.edu/mod/lti/auth.php?")
    assert query["client_id"] == CLIENT_ID and query["redirect_uri"] == LAUNCH_URL
    assert query["response_mode"] == "form_post" and query["prompt"] == "none"
    assert attribute(html, "data-state") == query["state"]
    assert attribute(html, "data-nonce") == query["nonce"]
    assert attribute(html, "data-storage-target") == "post_message_forwarding"
    assert attribute(html, "data-platform-origins") == "https://lms.example.edu"
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/lti-platform-storage.js">']
    assert csp_directives(response)["script-src"] == ["'self'"]
    assert csp_directives(response)["frame-ancestors"] == ["https://lms.example.edu"]
    assert f"lti_state_{query['state']}" in response.cookies  # the cookie may still come back


def test_the_platform_origins_for_the_messages_put_the_authentication_urls_first(lms, client, platform_registration):
    platform_registration.issuer = "https://issuer.example.edu"
    platform_registration.frame_origins = "https://frames.example.edu"
    platform_registration.save()
    html = lms.login(client, iss="https://issuer.example.edu", lti_storage_target="_parent").content.decode()
    origins = attribute(html, "data-platform-origins").split()
    assert origins == ["https://lms.example.edu", "https://issuer.example.edu", "https://frames.example.edu"]


def test_without_the_cookie_the_launch_shows_nothing_until_the_platform_storage_confirms(
    storage_launch, published_course
):
    client, state, nonce, response = storage_launch()

    assert response.status_code == 200
    html = response.content.decode()
    assert "lti/launch_storage.html" in [template.name for template in response.templates]
    assert published_course.title not in html and "data-reading=" not in html
    assert attribute(html, "data-state") == state and attribute(html, "data-nonce") == nonce
    assert attribute(html, "data-storage-target") == "_parent"
    assert '<form method="post" action="/lti/launch/continue/" data-lti-storage-continue hidden>' in html
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/js/lti-platform-storage.js">']
    assert UsedNonce.objects.filter(nonce=nonce).exists()  # the id_token cannot be posted again

    shown = continue_launch(client, html)

    assert shown.status_code == 200
    assert "lti/course_embed.html" in [template.name for template in shown.templates]
    assert published_course.title in shown.content.decode()
    assert csp_directives(shown)["frame-ancestors"] == ["https://lms.example.edu"]
    assert not PendingLaunch.objects.exists()


def test_with_the_cookie_a_platform_offering_storage_launches_as_before(lms, client, published_course):
    state, nonce = lms.start_with_storage(client)
    token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))
    response = lms.launch(client, token, state, lti_storage_target="_parent")
    assert "lti/course_embed.html" in [template.name for template in response.templates]
    assert not PendingLaunch.objects.exists()


@pytest.fixture
def refused(caplog):
    caplog.set_level("WARNING", logger="lti")

    def check(response, reason):
        assert response.status_code == 403, response.content
        html = response.content.decode()
        assert "This link could not be opened" in html and reason in unescape(html)
        assert "data-reading=" not in html and 'name="choice"' not in html
        assert any(r.name == "lti" and reason in r.getMessage() for r in caplog.records), "no warning logged"

    return check


def test_a_continuation_token_is_good_once(storage_launch, refused):
    client, _, _, response = storage_launch()
    html = response.content.decode()
    assert continue_launch(client, html).status_code == 200
    refused(continue_launch(client, html), "already continued")


def test_a_forged_continuation_token_is_refused(storage_launch, refused):
    client, _, _, response = storage_launch()
    refused(continue_launch(client, response.content.decode(), token="forged"), "its token is not valid")
    forged = signing.dumps({"id": "0" * 32, "state": "x"}, salt="lti.deep-link")  # signed, for another purpose
    refused(continue_launch(client, response.content.decode(), token=forged, state="x"), "its token is not valid")


def test_an_expired_continuation_token_is_refused(storage_launch, refused, monkeypatch):
    client, _, _, response = storage_launch()
    later = signing.time.time() + 180  # the token lives two minutes
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: later))
    refused(continue_launch(client, response.content.decode()), "has expired")


def test_a_continuation_token_for_another_state_is_refused(storage_launch, refused):
    client, _, _, first = storage_launch()
    _, other_state, _, _ = storage_launch()
    html = first.content.decode()
    refused(continue_launch(client, html, state=other_state), "belongs to another launch")
    assert continue_launch(client, html).status_code == 200  # the refused attempt did not use it up


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://attacker.example.org"},
        {"origin": "null"},
        {},
        {"origin": "http://testserver", "sec-fetch-site": "cross-site"},
        {"origin": "http://testserver", "sec-fetch-site": "same-site"},
    ],
    ids=["other-origin", "opaque-origin", "no-origin", "cross-site", "same-site"],
)
def test_a_continuation_not_posted_by_the_tools_own_page_is_refused(storage_launch, refused, headers):
    """The attack this guards against: someone posts their own id_token from their own client, takes the
    continuation token from the page, and has a victim's browser post it from another site. Only our page,
    after the platform storage in that very browser confirmed the state, may post it."""
    _, _, _, response = storage_launch()  # the attacker's launch
    victim = Client()
    refused(continue_launch(victim, response.content.decode(), headers=headers), "the tool's own page")
    assert PendingLaunch.objects.count() == 1  # still unused


def test_a_continuation_for_a_platform_deactivated_meanwhile_is_refused(storage_launch, refused):
    client, _, _, response = storage_launch()
    Platform.objects.update(active=False)
    refused(continue_launch(client, response.content.decode()), "already continued or has expired")


def test_without_the_cookie_a_nonce_not_issued_with_the_state_is_refused(lms, published_course, refused):
    client = Client()
    state, _ = lms.start_with_storage(client)
    _, other_nonce = lms.start_with_storage(client)  # a real nonce, but from another login
    client.cookies.clear()
    for nonce in (other_nonce, "made-up-nonce", "zz-zz-zz"):
        token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))
        refused(lms.launch(client, token, state, lti_storage_target="_parent"), "nonce was not issued")
    assert not PendingLaunch.objects.exists()


def test_without_the_cookie_an_old_login_is_refused(lms, published_course, refused, monkeypatch):
    from lti import state as lti_state

    client = Client()
    state, nonce = lms.start_with_storage(client)
    client.cookies.clear()
    later = lti_state.time.time() + 601
    monkeypatch.setattr(lti_state, "time", types.SimpleNamespace(time=lambda: later))
    token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))
    refused(lms.launch(client, token, state, lti_storage_target="_parent"), "nonce was not issued")


def test_without_the_cookie_a_replayed_id_token_is_refused(lms, published_course, refused):
    client = Client()
    state, nonce = lms.start_with_storage(client)
    client.cookies.clear()
    token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))
    assert lms.launch(client, token, state, lti_storage_target="_parent").status_code == 200
    refused(lms.launch(client, token, state, lti_storage_target="_parent"), "replayed nonce")
    assert PendingLaunch.objects.count() == 1


def test_without_the_cookie_a_deep_linking_launch_continues_to_the_picker(storage_launch):
    client, _, _, response = storage_launch(message_type="LtiDeepLinkingRequest")
    assert 'name="choice"' not in response.content.decode()
    shown = continue_launch(client, response.content.decode())
    assert "lti/deep_link_picker.html" in [template.name for template in shown.templates]
    assert 'value="course:soc-101"' in shown.content.decode()
