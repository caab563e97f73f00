"""At DEBUG=0 a bad request, a refusal, a missing page and a server error get the site's own page, in the reader's
language (templates/400.html, 403.html, 404.html, 500.html), not Django's bare "Not Found"; the API keeps JSON."""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from lbc_site import urls as site_urls


def _refused(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("A made-up bad request.")


def _broken(request):
    raise RuntimeError("A made-up failure.")


# The site's routes and handlers, with three views that fail on purpose.
urlpatterns = [
    path("test-refused/", _refused),
    path("test-bad/", _bad),
    path("test-broken/", _broken),
    *site_urls.urlpatterns,
]
# lbc_site.urls sets the 404 and 500 handlers (JSON for the API); 400 and 403 are Django's, with our templates.
handler404, handler500 = site_urls.handler404, site_urls.handler500

pytestmark = pytest.mark.urls(__name__)

CASES = [
    ("/test-bad/", 400, "Bad request", "请求有误"),
    ("/test-refused/", 403, "Not allowed", "无权访问"),
    ("/no-such-page/", 404, "Page not found", "找不到页面"),
    ("/test-broken/", 500, "Something went wrong", "出错了"),
]


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(("url", "status", "english", "chinese"), CASES)
def test_our_own_page_in_english(production, db, url, status, english, chinese):
    response = production.get(url)
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{english}</h1>" in page and f"Error {status}" in page and '<html lang="en">' in page
    assert "Urban left-behind children · course resources" in page  # the site's header, not a bare page


@pytest.mark.parametrize(("url", "status", "english", "chinese"), CASES)
def test_our_own_page_in_chinese(production, db, url, status, english, chinese):
    response = production.get(url, headers={"accept-language": "zh-CN,zh;q=0.9"})
    page = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{chinese}</h1>" in page and f"错误 {status}" in page and '<html lang="zh-hans">' in page
    assert english not in page


def test_a_missing_page_offers_ways_on(production, db):
    page = production.get("/no-such-page/").content.decode()
    assert 'href="/references/"' in page and 'href="/courses/"' in page


def test_the_api_still_answers_json(production, db):
    response = production.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
