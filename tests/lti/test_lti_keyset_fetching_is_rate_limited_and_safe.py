"""The platform's keyset URL is fetched by our server: made-up kids cannot make us hammer the platform, and the
URL cannot point the server at its own network (https only, public addresses only, the checked address is the
one connected to, no redirects). Registrations say what is wrong in the admin form."""

import datetime
import socket
import ssl
import uuid

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

from lti import jwks as lti_jwks
from lti.models import Platform
from tests.lti.conftest import KeysetServer, public_jwk, rsa_key


def launch_with_kid(lms, client, kid):
    state, nonce = lms.start(client)
    return lms.launch(client, lms.sign(lms.claims(nonce, custom={"course": "soc-101"}), kid=kid), state)


def test_tokens_with_made_up_kids_refetch_the_keyset_at_most_once_a_minute(
    lms, client, jwks_platform, keyset_server, published_course
):
    for _ in range(5):
        response = launch_with_kid(lms, client, uuid.uuid4().hex)
        assert response.status_code == 403 and b"unknown kid" in response.content
    assert keyset_server.requests == 2  # the first fetch and one forced refetch
    assert launch_with_kid(lms, client, "platform-key-1").status_code == 200  # the cached keyset still works
    assert keyset_server.requests == 2


def test_after_the_interval_an_unknown_kid_may_refetch_again(
    lms, client, jwks_platform, keyset_server, published_course, cache_clock
):
    launch_with_kid(lms, client, "made-up-1")
    launch_with_kid(lms, client, "made-up-2")
    assert keyset_server.requests == 2
    cache_clock.advance(lti_jwks.JWKS_REFETCH_INTERVAL_SECONDS - 1)
    launch_with_kid(lms, client, "made-up-3")
    assert keyset_server.requests == 2  # not yet
    cache_clock.advance(2)
    launch_with_kid(lms, client, "made-up-4")
    assert keyset_server.requests == 3


def test_the_refetch_allowance_is_per_platform(lms, client, jwks_platform, keyset_server, platform_private_key):
    launch_with_kid(lms, client, "made-up")
    assert keyset_server.requests == 2
    other = Platform.objects.create(
        name="Canvas",
        issuer="https://canvas.example.edu",
        client_id="canvas-client",
        deployment_ids="d1",
        auth_login_url="https://canvas.example.edu/auth",
        jwks_url=keyset_server.url + "?canvas",
    )
    key = lti_jwks.platform_key(other, "platform-key-1")  # its own first fetch
    assert key.public_numbers() == platform_private_key.public_key().public_numbers()
    with pytest.raises(lti_jwks.LaunchError, match="unknown kid"):
        lti_jwks.platform_key(other, "made-up")
    assert keyset_server.requests == 4  # Canvas's first fetch and its own refetch, not blocked by Moodle's


def test_a_rotated_key_is_still_picked_up_by_the_one_refetch(
    lms, client, jwks_platform, keyset_server, published_course
):
    assert launch_with_kid(lms, client, "platform-key-1").status_code == 200
    new_key = rsa_key()
    keyset_server.keyset = {"keys": [public_jwk(new_key, "platform-key-2")]}
    lms.private_key = new_key
    assert launch_with_kid(lms, client, "platform-key-2").status_code == 200
    assert keyset_server.requests == 2


def refusal(lms, client, platform_registration, jwks_url):
    platform_registration.public_key, platform_registration.jwks_url = "", jwks_url
    platform_registration.save()
    response = lms.full_launch(client, custom={"course": "soc-101"})
    assert response.status_code == 403
    return response.content.decode()


def test_a_plain_http_keyset_url_is_not_fetched_in_production(lms, client, platform_registration, keyset_server):
    html = refusal(lms, client, platform_registration, keyset_server.url)
    assert "keyset URL must use https" in html
    assert keyset_server.requests == 0


@pytest.mark.parametrize(
    "url",
    [
        "https://localhost/jwks",
        "https://127.0.0.1/jwks",
        "https://10.0.0.8/jwks",
        "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://[::1]/jwks",
        "https://[::ffff:127.0.0.1]/jwks",
        "https://100.64.0.1/jwks",
    ],
)
def test_keyset_urls_on_private_or_local_addresses_are_refused(lms, client, platform_registration, url):
    assert "private or local network address; refused" in refusal(lms, client, platform_registration, url)


@pytest.fixture
def dns(monkeypatch):
    """Fake answers for some host names; counts the lookups of each."""
    answers, lookups = {}, []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        if host in answers:
            if answers[host] is None:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers, lookups


def test_a_host_with_one_public_and_one_private_address_is_refused(lms, client, platform_registration, dns):
    answers, _ = dns
    answers["keys.lms.example.edu"] = ["93.184.216.34", "192.168.1.10"]
    html = refusal(lms, client, platform_registration, "https://keys.lms.example.edu/jwks")
    assert "private or local network address" in html


def test_a_host_that_does_not_resolve_is_refused(lms, client, platform_registration, dns):
    answers, _ = dns
    answers["gone.lms.example.edu"] = None
    html = refusal(lms, client, platform_registration, "https://gone.lms.example.edu/jwks")
    assert "names a host that does not resolve" in html


def test_the_keyset_is_fetched_from_the_address_that_was_checked(
    lms, client, platform_registration, keyset_server, local_urls_allowed, dns, published_course
):
    """DNS rebinding: a second lookup could answer with another address; the connection uses the first."""
    answers, lookups = dns
    answers["keys.lms.example.edu"] = ["127.0.0.1"]
    platform_registration.public_key = ""
    platform_registration.jwks_url = f"http://keys.lms.example.edu:{keyset_server.port}/jwks"
    platform_registration.save()

    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    assert lookups.count("keys.lms.example.edu") == 1
    assert keyset_server.hosts == [f"keys.lms.example.edu:{keyset_server.port}"]  # the name, not the address


def certificate(name, key, issuer_name=None, issuer_key=None, ca=False):
    now = datetime.datetime.now(datetime.UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name or subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if not ca:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.fixture
def tls_keyset_server(tmp_path, platform_private_key, monkeypatch):
    """An https keyset server on 127.0.0.1 whose certificate names keys.lms.example.edu, signed by a test CA
    that the tool is made to trust (lti.jwks.TLS_VERIFY)."""
    ca_key, leaf_key = rsa_key(), rsa_key()
    ca = certificate("Test CA", ca_key, ca=True)
    leaf = certificate("keys.lms.example.edu", leaf_key, issuer_name=ca.subject, issuer_key=ca_key)
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "leaf.key").write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    server_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_tls.load_cert_chain(tmp_path / "leaf.pem", tmp_path / "leaf.key")
    trust = ssl.create_default_context(cadata=ca.public_bytes(serialization.Encoding.PEM).decode())
    monkeypatch.setattr(lti_jwks, "TLS_VERIFY", trust)
    server = KeysetServer({"keys": [public_jwk(platform_private_key, "platform-key-1")]}, tls=server_tls)
    yield server
    server.close()


def test_over_https_the_pinned_address_still_verifies_the_registered_hosts_certificate(
    lms, client, platform_registration, tls_keyset_server, local_urls_allowed, dns, published_course
):
    answers, lookups = dns
    answers["keys.lms.example.edu"] = ["127.0.0.1"]
    answers["other.lms.example.edu"] = ["127.0.0.1"]
    platform_registration.public_key = ""
    platform_registration.jwks_url = f"https://keys.lms.example.edu:{tls_keyset_server.port}/jwks"
    platform_registration.save()
    assert lms.full_launch(client, custom={"course": "soc-101"}).status_code == 200
    assert tls_keyset_server.hosts == [f"keys.lms.example.edu:{tls_keyset_server.port}"]

    # The same server under a name its certificate does not carry: the TLS check refuses it.
    platform_registration.jwks_url = f"https://other.lms.example.edu:{tls_keyset_server.port}/jwks"
    platform_registration.save()
    response = lms.full_launch(client, custom={"course": "soc-101"})
    assert response.status_code == 403 and b"keyset could not be fetched (ConnectError)" in response.content
    assert lookups.count("keys.lms.example.edu") == 1


def test_a_redirecting_keyset_url_is_not_followed(lms, client, platform_registration, local_urls_allowed):
    server = KeysetServer({"keys": []}, status=302, location="http://169.254.169.254/latest/meta-data/")
    try:
        html = refusal(lms, client, platform_registration, server.url)
    finally:
        server.close()
    assert "keyset could not be fetched" in html
    assert server.requests == 1


def registration(**fields):
    defaults = {
        "name": "Moodle",
        "issuer": "https://moodle.example.edu",
        "client_id": "c1",
        "deployment_ids": "1",
        "auth_login_url": "https://moodle.example.edu/mod/lti/auth.php",
        "jwks_url": "https://moodle.example.edu/mod/lti/certs.php",
    }
    return Platform(**{**defaults, **fields})


@pytest.mark.parametrize(
    "field, url, message",
    [
        ("jwks_url", "http://moodle.example.edu/mod/lti/certs.php", "Use an https:// URL"),
        ("auth_login_url", "http://moodle.example.edu/mod/lti/auth.php", "Use an https:// URL"),
        ("jwks_url", "https://localhost:8000/jwks", "points to this server itself (localhost)"),
        ("jwks_url", "https://10.1.2.3/jwks", "points to a private or local network address"),
        ("auth_login_url", "https://[fe80::1]/auth", "points to a private or local network address"),
    ],
)
def test_a_registration_with_an_insecure_or_local_url_says_which_and_why(db, field, url, message):
    with pytest.raises(ValidationError) as raised:
        registration(**{field: url}).full_clean()
    assert list(raised.value.message_dict) == [field]
    assert message in raised.value.message_dict[field][0]


def url_errors(platform: Platform) -> dict:
    try:
        platform.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.parametrize(("allow_insecure", "debug"), [(True, False), (False, True)], ids=["setting", "debug"])
def test_development_may_register_local_http_platforms(db, settings, allow_insecure, debug):
    local = {"jwks_url": "http://127.0.0.1:9000/jwks", "auth_login_url": "http://localhost:9000/auth"}
    settings.LTI_ALLOW_INSECURE_URLS, settings.DEBUG = False, False
    assert set(url_errors(registration(**local))) == {"jwks_url", "auth_login_url"}  # production refuses both
    settings.LTI_ALLOW_INSECURE_URLS, settings.DEBUG = allow_insecure, debug
    assert url_errors(registration(**local)) == {}


def test_the_admin_form_shows_why_a_url_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/lti/platform/add/",
        {
            "name": "Moodle",
            "active": "on",
            "issuer": "https://moodle.example.edu",
            "client_id": "c1",
            "deployment_ids": "1",
            "auth_login_url": "https://moodle.example.edu/mod/lti/auth.php",
            "jwks_url": "http://moodle.example.edu/mod/lti/certs.php",
            "public_key": "",
            "frame_origins": "",
        },
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert "Use an https:// URL (plain http is allowed only in development)." in response.content.decode()
    assert not Platform.objects.exists()


def test_a_failing_keyset_url_is_not_asked_again_on_every_launch(
    lms, client, jwks_platform, keyset_server, published_course, cache_clock
):
    keyset_server.status = 500
    for _ in range(4):
        response = launch_with_kid(lms, client, "platform-key-1")
        assert response.status_code == 403 and b"could not be fetched (HTTPStatusError)" in response.content
    assert keyset_server.requests == 1
    keyset_server.status = 200  # the platform is back: after the pause, the next launch fetches and succeeds
    cache_clock.advance(lti_jwks.JWKS_FAILURE_CACHE_SECONDS + 1)
    assert launch_with_kid(lms, client, "platform-key-1").status_code == 200
    assert keyset_server.requests == 2
