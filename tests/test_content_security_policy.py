"""Every page carries a Content-Security-Policy that allows our own scripts and styles only; pages hold no
inline script a browser would have to block."""

import re

import pytest

from courses.models import Course
from tests.csp import csp_directives

PAGES = ["/", "/references/", "/courses/", "/courses/live/", "/api/docs/", "/api/v1/", "/admin/login/"]


@pytest.fixture
def course(make_course):
    return make_course(slug="live", status=Course.Status.PUBLISHED)


@pytest.mark.parametrize("url", PAGES)
def test_every_page_allows_only_the_sites_own_scripts_styles_and_frames(client, seeded, course, url):
    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == 200, url
    policy = csp_directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_no_inline_scripts_or_style_blocks(client, seeded, course, url):
    html = client.get(url, HTTP_ACCEPT="text/html").content.decode()
    # JSON data islands (type="application/json") are not executed, so CSP does not block them.
    scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert scripts == [], url
    assert "<style" not in html, url


def test_the_api_docs_load_their_start_up_script_from_the_site(client, db):
    html = client.get("/api/docs/").content.decode()
    script_url = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    response = client.get(script_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
