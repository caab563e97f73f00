"""An instructor picks a course or a unit; the tool returns a signed LtiDeepLinkingResponse to the platform."""

import re
from html import unescape

import jwt
import pytest
from django.test import Client

from courses.models import Course
from lti.models import PendingLaunch
from tests.csp import csp_directives
from tests.lti.conftest import CLAIM, CLIENT_ID, DEPLOYMENT_ID, DL_CLAIM, ISSUER, LAUNCH_URL

RETURN_URL = "https://lms.example.edu/deep-link-return?course=77"


def deep_linking_launch(lms, client, **overrides):
    return lms.full_launch(client, message_type="LtiDeepLinkingRequest", **overrides)


def hidden(html, name):
    return unescape(re.search(rf'name="{name}" value="([^"]*)"', html)[1])


def tool_public_keys(client):
    keyset = client.get("/lti/jwks/").json()
    return jwt.PyJWKSet.from_dict(keyset)


def choose(client, html, choice):
    return client.post("/lti/deep-link/return/", {"token": hidden(html, "token"), "choice": choice})


def verified_response(client, response):
    html = response.content.decode()
    assert unescape(re.search(r'<form id="deep-link-return" method="post" action="([^"]*)"', html)[1]) == RETURN_URL
    # The site forbids posting forms elsewhere; this page may post to the platform's return URL only.
    assert csp_directives(response)["form-action"] == ["'self'", "https://lms.example.edu"]
    token = hidden(html, "JWT")
    kid = jwt.get_unverified_header(token)["kid"]
    key = tool_public_keys(client)[kid]
    return jwt.decode(token, key.key, algorithms=["RS256"], audience=ISSUER, issuer=CLIENT_ID)


def test_the_picker_lists_published_courses_and_their_units_only(lms, client, published_course, make_course):
    make_course(slug="draft-course", status=Course.Status.DRAFT)
    response = deep_linking_launch(lms, client)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="course:soc-101"' in html
    for unit in published_course.units.all():
        assert f'value="unit:{unit.pk}"' in html
    assert "draft-course" not in html
    assert csp_directives(response)["frame-ancestors"] == ["https://lms.example.edu"]


def test_choosing_a_course_returns_a_signed_response_verified_with_the_tools_jwks(lms, client, published_course):
    picker = deep_linking_launch(lms, client).content.decode()
    response = choose(client, picker, "course:soc-101")

    assert response.status_code == 200
    assert RETURN_URL in unescape(response.content.decode())
    claims = verified_response(client, response)
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[CLAIM + "version"] == "1.3.0"
    assert claims[CLAIM + "deployment_id"] == DEPLOYMENT_ID
    assert claims[DL_CLAIM + "data"] == "opaque-platform-data"
    assert claims["nonce"] and claims["exp"] > claims["iat"]
    [item] = claims[DL_CLAIM + "content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == LAUNCH_URL
    assert item["custom"] == {"course": "soc-101"}
    assert published_course.title in item["title"]


def test_a_deep_linked_unit_launches_to_that_unit(lms, client, published_course):
    week_1 = published_course.units.get(title="Week 1")
    picker = deep_linking_launch(lms, client).content.decode()
    claims = verified_response(client, choose(client, picker, f"unit:{week_1.pk}"))
    [item] = claims[DL_CLAIM + "content_items"]
    assert item["custom"] == {"course": "soc-101", "unit": str(week_1.pk)}

    # The platform then launches the link it stored, with the item's custom parameters.
    response = lms.full_launch(client, custom=item["custom"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Week 1" in html and "Week 2" not in html


@pytest.mark.parametrize("choice", ["course:draft-course", "course:nope", "unit:999999", "unit:abc", ""])
def test_only_published_courses_and_their_units_can_be_chosen(lms, client, published_course, make_course, choice):
    make_course(slug="draft-course", status=Course.Status.DRAFT)
    picker = deep_linking_launch(lms, client).content.decode()
    response = choose(client, picker, choice)
    assert response.status_code == 400
    assert b"JWT" not in response.content


def test_a_forged_or_missing_picker_token_is_refused(lms, client, published_course, caplog):
    with caplog.at_level("WARNING", logger="lti"):
        response = client.post("/lti/deep-link/return/", {"token": "forged", "choice": "course:soc-101"})
    assert response.status_code == 403
    assert any(record.name == "lti" for record in caplog.records)


def test_platforms_that_do_not_accept_resource_links_are_told(lms, client, published_course):
    settings = {"deep_link_return_url": RETURN_URL, "accept_types": ["file"]}
    response = deep_linking_launch(lms, client, **{DL_CLAIM + "deep_linking_settings": settings})
    assert response.status_code == 400


def test_a_return_url_that_is_not_http_is_refused_before_anything_is_signed(lms, client, published_course):
    settings = {"deep_link_return_url": "javascript:alert(1)", "accept_types": ["ltiResourceLink"]}
    response = deep_linking_launch(lms, client, **{DL_CLAIM + "deep_linking_settings": settings})
    assert response.status_code == 400
    assert b"not an http(s) URL" in response.content
    assert b'name="token"' not in response.content


LIS = "http://purl.imsglobal.org/vocab/lis/v2/"


@pytest.mark.parametrize(
    "roles",
    [
        [LIS + "membership#Instructor"],
        [LIS + "membership#ContentDeveloper"],
        [LIS + "membership#Administrator"],
        [LIS + "membership/Instructor#TeachingAssistant", LIS + "membership#Learner"],
        [LIS + "institution/person#Administrator"],
        [LIS + "system/person#Administrator"],
        ["Instructor"],  # LTI 1.3 allows a context role's short name
    ],
)
def test_teachers_designers_and_administrators_may_choose_content(lms, client, published_course, roles):
    response = deep_linking_launch(lms, client, **{CLAIM + "roles": roles})
    assert response.status_code == 200
    assert 'value="course:soc-101"' in response.content.decode()


@pytest.mark.parametrize(
    "roles",
    [
        [LIS + "membership#Learner"],
        [LIS + "institution/person#Student", LIS + "membership#Mentor"],
        [LIS + "institution/person#Instructor", LIS + "membership#Learner"],  # teaches elsewhere, learns here
        [LIS + "membership/Instructor#Grader"],
        [LIS + "system/person#User"],
        ["https://example.org/roles#Instructor"],
        [],
        None,
        LIS + "membership#Instructor",  # a string, not the list the claim must be
    ],
)
def test_deep_linking_without_a_teaching_role_is_refused_with_a_403_and_logged(
    lms, client, published_course, caplog, roles
):
    with caplog.at_level("WARNING", logger="lti"):
        response = deep_linking_launch(lms, client, **{CLAIM + "roles": roles})
    assert response.status_code == 403
    html = response.content.decode()
    assert "This link could not be opened" in html
    assert "Only instructors, content developers and administrators can add reading lists" in html
    assert 'name="choice"' not in html and "token" not in html
    assert any(r.name == "lti" and "Only instructors" in r.getMessage() for r in caplog.records)


def test_deep_linking_without_a_teaching_role_is_refused_before_the_platform_storage_check(
    lms, published_course, caplog
):
    client = Client()
    state, nonce = lms.start_with_storage(client)
    client.cookies.clear()
    claims = lms.claims(nonce, message_type="LtiDeepLinkingRequest")
    claims[CLAIM + "roles"] = [LIS + "membership#Learner"]
    response = lms.launch(client, lms.sign(claims), state, lti_storage_target="_parent")
    assert response.status_code == 403
    assert b"Only instructors" in response.content
    assert not PendingLaunch.objects.exists()
