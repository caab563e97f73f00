"""Our public keys at /lti/jwks/, the configuration shown to administrators, platform keys, and framing rules."""

import json

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from django.core.exceptions import ValidationError

from lti import jwks as lti_jwks
from lti.models import Platform, ToolKey
from tests.csp import csp_directives
from tests.lti.conftest import KeysetServer, public_jwk, rsa_key


def test_jwks_serves_a_generated_public_key_only_and_keeps_it(client, db):
    first = client.get("/lti/jwks/").json()["keys"]
    second = client.get("/lti/jwks/").json()["keys"]
    assert len(first) == 1 and first == second
    [key] = first
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig" and key["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & key.keys()
    assert ToolKey.objects.count() == 1


def test_inactive_keys_are_not_published(client, db):
    old = ToolKey.objects.current()
    new = ToolKey.objects.generate()
    old.active = False
    old.save()
    assert [key["kid"] for key in client.get("/lti/jwks/").json()["keys"]] == [new.kid]
    assert ToolKey.objects.current() == new


def test_the_platform_admin_shows_the_tool_configuration(client, superuser, platform_registration):
    client.force_login(superuser)
    for url in ("/admin/lti/platform/add/", f"/admin/lti/platform/{platform_registration.pk}/change/"):
        html = client.get(url).content.decode()
        assert "http://testserver/lti/login/" in html
        assert "http://testserver/lti/launch/" in html
        assert "http://testserver/lti/jwks/" in html
        assert "Deep linking URL" in html
    assert "http://testserver/lti/login/" in client.get("/admin/lti/platform/").content.decode()


def test_the_tool_key_admin_never_shows_the_private_key(client, superuser, db):
    key = ToolKey.objects.current()
    client.force_login(superuser)
    html = client.get(f"/admin/lti/toolkey/{key.pk}/change/").content.decode()
    assert key.kid in html
    assert "PRIVATE KEY" not in html


def platform(**fields):
    defaults = {
        "name": "Canvas",
        "issuer": "https://canvas.instructure.com",
        "client_id": "10000000000001",
        "deployment_ids": "1:abc",
        "auth_login_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
    }
    return Platform(**{**defaults, **fields})


def test_a_platform_needs_a_jwks_url_or_a_public_key(db):
    with pytest.raises(ValidationError, match="JWKS URL or paste"):
        platform().full_clean()
    platform(jwks_url="https://sso.canvaslms.com/api/lti/security/jwks").full_clean()


def test_pasted_keys_may_be_pem_jwk_or_jwks_but_not_private(db):
    key = rsa_key()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    platform(public_key=pem.decode()).full_clean()
    platform(public_key=json.dumps(public_jwk(key, "k1"))).full_clean()
    platform(public_key=json.dumps({"keys": [public_jwk(key, "k1")]})).full_clean()
    private = jwt_private_jwk(key)
    with pytest.raises(ValidationError, match="private key"):
        platform(public_key=json.dumps(private)).full_clean()
    with pytest.raises(ValidationError, match="not a usable RSA public key"):
        platform(public_key="not a key").full_clean()


def jwt_private_jwk(key):
    return {**jwt.algorithms.RSAAlgorithm.to_jwk(key, as_dict=True), "kid": "k1"}


def test_a_pasted_pem_key_launches(lms, client, platform_private_key, platform_registration, published_course):
    pem = platform_private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    platform_registration.public_key = pem.decode()
    platform_registration.save()
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200


def test_keys_are_fetched_from_the_platforms_jwks_url_and_cached(
    lms, client, jwks_platform, keyset_server, published_course
):
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    assert keyset_server.requests == 1


def test_a_rotated_platform_key_is_picked_up_by_refetching_the_jwks(
    lms, client, jwks_platform, keyset_server, published_course
):
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    new_key = rsa_key()
    keyset_server.keyset = {"keys": [public_jwk(new_key, "platform-key-2")]}
    lms.private_key, lms.kid = new_key, "platform-key-2"
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    assert keyset_server.requests == 2


def test_a_slow_jwks_url_times_out_into_a_refusal(
    lms, client, platform_registration, local_urls_allowed, monkeypatch, caplog
):
    server = KeysetServer({"keys": []}, delay=1.0)
    try:
        monkeypatch.setattr(lti_jwks, "JWKS_TIMEOUT_SECONDS", 0.2)
        platform_registration.public_key, platform_registration.jwks_url = "", server.url
        platform_registration.save()
        with caplog.at_level("WARNING", logger="lti"):
            response = lms.full_launch(client)
    finally:
        server.close()
    assert response.status_code == 403
    assert b"keyset could not be fetched" in response.content
    assert any(record.name == "lti" for record in caplog.records)


def test_embedded_responses_may_be_framed_by_registered_platforms_only(lms, client, published_course):
    Platform.objects.create(
        name="Canvas",
        issuer="https://canvas.instructure.com",
        client_id="1000",
        deployment_ids="1:x",
        auth_login_url="https://sso.canvaslms.com/api/lti/authorize_redirect",
        public_key=lms.registration.public_key,
        frame_origins="https://myschool.instructure.com",
    )
    Platform.objects.create(
        name="Old Blackboard",
        issuer="https://blackboard.example.edu",
        client_id="old",
        deployment_ids="d",
        auth_login_url="https://blackboard.example.edu/auth",
        public_key=lms.registration.public_key,
        active=False,
    )
    responses = [
        lms.full_launch(client, custom={"course": "soc-101"}),
        lms.full_launch(client, iss="https://forged.example.org"),
        lms.login(client),
    ]
    for response in responses:
        assert "X-Frame-Options" not in response
        assert set(csp_directives(response)["frame-ancestors"]) == {
            "https://lms.example.edu",
            "https://canvas.instructure.com",
            "https://sso.canvaslms.com",
            "https://myschool.instructure.com",
        }


def test_everything_else_stays_deny(client, published_course, platform_registration):
    for url in ("/courses/soc-101/", "/lti/jwks/", "/"):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert csp_directives(response)["frame-ancestors"] == ["'none'"], url


def test_without_registered_platforms_nobody_may_frame_the_tool(client, db):
    response = client.post("/lti/launch/", {"id_token": "x", "state": "y"})
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
