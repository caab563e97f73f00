"""An LMS launches the tool: OIDC login, then the id_token launch shows the course's reading list in a frame."""

from urllib.parse import parse_qs, urlsplit

import pytest

from courses.models import Course
from lti.models import UsedNonce
from tests.lti.conftest import CLIENT_ID, LAUNCH_URL


def test_login_redirects_to_the_platform_with_state_and_nonce(lms, client):
    response = lms.login(client)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == "https://lms.example.edu/mod/lti/auth.php"
    query = {key: values[0] for key, values in parse_qs(location.query).items()}
    assert query["scope"] == "openid"
    assert query["response_type"] == "id_token"
    assert query["response_mode"] == "form_post"
    assert query["prompt"] == "none"
    assert query["client_id"] == CLIENT_ID
    assert query["redirect_uri"] == LAUNCH_URL
    assert query["login_hint"] == "user-42"
    assert query["lti_message_hint"] == "message-7"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32
    cookie = response.cookies[f"lti_state_{query['state']}"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax" and not cookie["secure"]  # plain HTTP (development)


def set_cookie_header(response, name) -> list[str]:
    """The attributes of the Set-Cookie header Django sends for this cookie, as the browser reads them."""
    return [part.strip() for part in response.cookies[name].output(header="").split(";")]


def test_login_over_https_sets_a_samesite_none_secure_partitioned_state_cookie(lms, client):
    response = lms.login(client, secure=True)
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    header = set_cookie_header(response, f"lti_state_{state}")
    # Partitioned (CHIPS): Chrome keeps the cookie inside the LMS frame even with third-party cookies blocked.
    assert {"Secure", "SameSite=None", "Partitioned", "HttpOnly", "Path=/lti/launch/", "Max-Age=600"} <= set(header)
    assert header[0].startswith(f"lti_state_{state}=")


def test_login_over_plain_http_sets_no_partitioned_attribute(lms, client):
    response = lms.login(client)
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    header = set_cookie_header(response, f"lti_state_{state}")
    assert "Partitioned" not in header and "Secure" not in header  # browsers refuse both without HTTPS
    assert "SameSite=Lax" in header


@pytest.mark.parametrize("secure", [False, True])
def test_a_successful_launch_deletes_the_state_cookie_on_its_path(lms, client, published_course, secure):
    response = lms.login(client, secure=secure)
    query = parse_qs(urlsplit(response["Location"]).query)
    state, nonce = query["state"][0], query["nonce"][0]
    token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))

    response = lms.launch(client, token, state, secure=secure)

    assert response.status_code == 200
    header = set_cookie_header(response, f"lti_state_{state}")
    assert header[0] == f'lti_state_{state}=""'
    assert "Max-Age=0" in header and "Path=/lti/launch/" in header
    if secure:  # a partitioned cookie is only removed by a Set-Cookie that is partitioned too
        assert {"Secure", "SameSite=None", "Partitioned"} <= set(header)


def test_login_accepts_a_post_and_works_without_client_id_when_the_issuer_has_one_registration(lms, client):
    assert lms.login(client, method="post").status_code == 302
    assert lms.login(client, client_id=None).status_code == 302


@pytest.mark.parametrize(
    "overrides",
    [
        {"iss": "https://unknown.example.org"},
        {"client_id": "someone-else"},
        {"login_hint": None},
        {"target_link_uri": "https://evil.example.org/lti/launch/"},
        {"lti_deployment_id": "unregistered"},
    ],
)
def test_login_refuses_unknown_platforms_and_foreign_targets(lms, client, overrides):
    response = lms.login(client, **overrides)
    assert response.status_code in (400, 403)
    assert b"could not be opened" in response.content


def test_end_to_end_launch_shows_the_courses_units_and_readings_with_progress_ticks(lms, client, published_course):
    state, nonce = lms.start(client)
    id_token = lms.sign(lms.claims(nonce, custom={"course": "soc-101"}))

    response = lms.launch(client, id_token, state)

    assert response.status_code == 200
    assert "lti/course_embed.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert published_course.title in html
    assert "Week 1" in html and "Week 2" in html
    items = [item for unit in published_course.units.all() for item in unit.items.all()]
    assert len(items) == 3
    for item in items:
        assert f'data-reading="{item.pk}"' in html
    assert 'data-progress-course="soc-101"' in html
    assert "js/progress.js" in html
    assert 'href="/admin/' not in html  # no site navigation inside the LMS frame
    assert UsedNonce.objects.filter(nonce=nonce).count() == 1


def test_a_unit_link_shows_only_that_unit(lms, client, published_course):
    week_2 = published_course.units.get(title="Week 2")
    response = lms.full_launch(client, custom={"course": "soc-101", "unit": str(week_2.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Week 2" in html and "Week 1" not in html


def test_the_course_can_come_from_the_target_link_uri(lms, client, published_course):
    response = lms.full_launch(
        client, **{"https://purl.imsglobal.org/spec/lti/claim/target_link_uri": LAUNCH_URL + "?course=soc-101"}
    )
    assert response.status_code == 200
    assert published_course.title in response.content.decode()


@pytest.mark.parametrize("slug", ["", "no-such-course", "draft-course"])
def test_links_to_missing_or_unpublished_courses_say_so(lms, client, make_course, slug):
    make_course(slug="draft-course", status=Course.Status.DRAFT)
    response = lms.full_launch(client, custom={"course": slug} if slug else None)
    assert response.status_code == 404
    assert b"does not point to a published course" in response.content
