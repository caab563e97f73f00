"""Forged, tampered or replayed launches get a clear error page (400/403) and a warning in the "lti" log."""

import base64
import hashlib
import hmac
import json
import time

import jwt
import pytest
from django.test import Client

from lti.models import Platform, UsedNonce
from tests.lti.conftest import CLAIM, CLIENT_ID, rsa_key


@pytest.fixture
def refused(client, caplog):
    """Assert a launch response is a refusal with a logged warning; returns the page text."""

    def check(response, status=403, reason=""):
        assert response.status_code == status, response.content
        html = response.content.decode()
        assert "This link could not be opened" in html
        assert reason in html
        warnings = [r for r in caplog.records if r.name == "lti" and r.levelname == "WARNING"]
        assert warnings, "no warning logged"
        assert reason in warnings[-1].getMessage()
        return html

    caplog.set_level("WARNING", logger="lti")
    return check


def launch_with(lms, client, sign=None, **claim_overrides):
    state, nonce = lms.start(client)
    claims = lms.claims(nonce, custom={"course": "soc-101"}, **claim_overrides)
    token = sign(claims) if sign else lms.sign(claims)
    return lms.launch(client, token, state)


def test_a_token_signed_with_another_key_is_refused(lms, client, refused, published_course):
    response = launch_with(lms, client, sign=lambda claims: lms.sign(claims, key=rsa_key()))
    refused(response, reason="signature does not verify")


def test_a_tampered_payload_is_refused(lms, client, refused, published_course):
    state, nonce = lms.start(client)
    header, payload, signature = lms.sign(lms.claims(nonce, custom={"course": "soc-101"})).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims[CLAIM + "roles"] = ["http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    refused(lms.launch(client, f"{header}.{forged}.{signature}", state), reason="signature does not verify")


def test_a_wrong_issuer_is_refused(lms, client, refused):
    refused(launch_with(lms, client, iss="https://lms.example.edu/"), reason="No active platform")


def test_a_wrong_audience_is_refused(lms, client, refused):
    refused(launch_with(lms, client, aud="another-tool"), reason="No active platform")


def test_an_inactive_platform_is_refused(lms, client, refused):
    state, nonce = lms.start(client)
    Platform.objects.update(active=False)
    refused(lms.launch(client, lms.sign(lms.claims(nonce)), state), reason="No active platform")


def test_several_audiences_need_azp_naming_this_tool(lms, client, refused, published_course):
    refused(launch_with(lms, client, aud=[CLIENT_ID, "other-tool"]), reason="no authorized party (azp)")
    refused(launch_with(lms, client, aud=[CLIENT_ID, "other-tool"], azp="other-tool"), reason="No active platform")
    response = launch_with(lms, client, aud=[CLIENT_ID, "other-tool"], azp=CLIENT_ID)
    assert response.status_code == 200


def test_an_azp_naming_another_tool_is_refused_even_with_one_audience(lms, client, refused):
    refused(launch_with(lms, client, azp="other-tool"), reason="authorized party (azp) is not this tool")


def test_an_expired_token_is_refused(lms, client, refused):
    now = int(time.time())
    refused(launch_with(lms, client, iat=now - 900, exp=now - 120), reason="expired")


def test_a_token_just_past_exp_is_accepted_within_the_leeway(lms, client, published_course):
    now = int(time.time())
    assert launch_with(lms, client, iat=now - 300, exp=now - 20).status_code == 200


def test_a_token_issued_in_the_future_is_refused(lms, client, refused):
    now = int(time.time())
    refused(launch_with(lms, client, iat=now + 600, exp=now + 900), reason="issued in the future")


@pytest.mark.parametrize("claim", ["exp", "iat", "nonce"])
def test_tokens_missing_required_claims_are_refused(lms, client, refused, claim):
    refused(launch_with(lms, client, **{claim: None}), reason="not valid")


def test_alg_none_is_refused(lms, client, refused):
    unsigned = lambda claims: jwt.encode(claims, None, algorithm="none", headers={"kid": lms.kid})  # noqa: E731
    refused(launch_with(lms, client, sign=unsigned), reason="must be signed with RS256")


def test_hs256_signed_with_the_public_key_is_refused(lms, client, refused, platform_registration):
    # The classic confusion attack: HMAC keyed with the platform's public key.
    secret = platform_registration.public_key.encode()

    def hs256(claims):
        header = {"alg": "HS256", "typ": "JWT", "kid": lms.kid}
        segments = [base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=") for part in (header, claims)]
        signing_input = b".".join(segments)
        mac = base64.urlsafe_b64encode(hmac.new(secret, signing_input, hashlib.sha256).digest()).rstrip(b"=")
        return (signing_input + b"." + mac).decode()

    refused(launch_with(lms, client, sign=hs256), reason="must be signed with RS256")


def test_a_replayed_launch_is_refused_even_with_the_state_cookie_put_back(lms, client, refused, published_course):
    state, nonce = lms.start(client)
    cookie = client.cookies[f"lti_state_{state}"].value
    token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))
    assert lms.launch(client, token, state).status_code == 200
    client.cookies[f"lti_state_{state}"] = cookie  # an attacker who kept a copy of the cookie
    refused(lms.launch(client, token, state), reason="replayed nonce")
    assert UsedNonce.objects.filter(nonce=nonce).count() == 1


def test_a_nonce_the_login_did_not_issue_is_refused(lms, client, refused):
    state, _ = lms.start(client)
    refused(lms.launch(client, lms.sign(lms.claims("made-up-nonce")), state), reason="nonce is not the one")


def test_a_missing_state_is_refused(lms, client, refused):
    _, nonce = lms.start(client)
    refused(lms.launch(client, lms.sign(lms.claims(nonce)), None), status=400, reason="no state")


def test_a_missing_id_token_is_refused(lms, client, refused):
    state, _ = lms.start(client)
    refused(lms.launch(client, None, state), status=400, reason="no id_token")


def test_a_wrong_state_is_refused(lms, client, refused):
    _, nonce = lms.start(client)
    refused(lms.launch(client, lms.sign(lms.claims(nonce)), "0" * 32), reason="did not send back the cookie")


def test_a_state_from_another_browser_is_refused(lms, client, refused):
    state, nonce = lms.start(Client())  # the victim's login; the attacker posts from a browser without its cookie
    refused(lms.launch(client, lms.sign(lms.claims(nonce)), state), reason="did not send back the cookie")


def test_without_the_cookie_and_without_platform_storage_the_page_explains_blocked_cookies(lms, client, refused):
    state, nonce = lms.start(client)
    client.cookies.clear()  # what Safari does to a cookie set inside the LMS frame
    html = refused(lms.launch(client, lms.sign(lms.claims(nonce)), state), reason="did not send back the cookie")
    assert "block cookies inside embedded frames" in html
    assert "open the link in a new window" in html


def test_the_blocked_cookie_explanation_is_shown_in_chinese_to_a_chinese_browser(lms, client, caplog):
    state, nonce = lms.start(client)
    client.cookies.clear()
    with caplog.at_level("WARNING", logger="lti"):
        response = client.post(
            "/lti/launch/",
            {"id_token": lms.sign(lms.claims(nonce)), "state": state},
            headers={"accept-language": "zh-CN,zh;q=0.9"},
        )
    assert response.status_code == 403
    assert "新窗口" in response.content.decode()  # "new window"
    [logged] = [record.getMessage() for record in caplog.records if record.name == "lti"]
    assert "did not send back the cookie" in logged  # the log stays in English


def test_a_forged_state_cookie_is_refused(lms, client, refused):
    state, nonce = lms.start(client)
    client.cookies[f"lti_state_{state}"] = "forged"
    refused(lms.launch(client, lms.sign(lms.claims(nonce)), state), reason="state does not match")


def test_an_unknown_deployment_is_refused(lms, client, refused):
    refused(launch_with(lms, client, **{CLAIM + "deployment_id": "unknown"}), reason="deployment is not registered")


def test_an_unknown_kid_is_refused(lms, client, refused):
    refused(launch_with(lms, client, sign=lambda claims: lms.sign(claims, kid="other-key")), reason="unknown kid")


def test_a_missing_kid_is_refused_when_keys_are_identified_by_kid(lms, client, refused):
    refused(launch_with(lms, client, sign=lambda claims: lms.sign(claims, kid=None)), reason="unknown kid")


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({CLAIM + "version": "1.1"}, "Only LTI 1.3.0"),
        ({CLAIM + "message_type": "LtiSubmissionReviewRequest"}, "Unsupported message type"),
        ({CLAIM + "resource_link": None}, "no resource link id"),
    ],
)
def test_malformed_lti_messages_are_refused(lms, client, refused, overrides, reason):
    refused(launch_with(lms, client, **overrides), reason=reason)


def test_garbage_instead_of_a_jwt_is_refused(lms, client, refused):
    state, _ = lms.start(client)
    refused(lms.launch(client, "not-a-jwt", state), status=400, reason="not a JWT")


def test_a_get_to_the_launch_url_is_not_allowed(client, db):
    assert client.get("/lti/launch/").status_code == 405
