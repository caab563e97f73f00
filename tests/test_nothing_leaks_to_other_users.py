"""Leaks the probe found, closed: "view on site" for objects one may not edit, a visitor's bad style cookie cached
for everyone, cookies without Secure/SameSite, the browsable API in production."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from courses.models import Course

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def courses(make_course, instructor, other_instructor):
    return {
        "mine": make_course(instructor, slug="ada-draft"),
        "theirs": make_course(other_instructor, slug="bo-secret-draft", units=((27,),)),
        "archived": make_course(other_instructor, slug="bo-archived", status=Course.Status.ARCHIVED, units=()),
    }


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(f"/admin/r/{content_type.pk}/{obj.pk}/")


def test_view_on_site_never_sends_an_instructor_to_another_instructors_course(client_for, courses, instructor):
    client = client_for(instructor)
    assert view_on_site(client, courses["mine"])["Location"].endswith("/courses/ada-draft/")
    for name in ("theirs", "archived"):
        response = view_on_site(client, courses[name])
        assert response.status_code == 404
        assert "bo-" not in response.content.decode()
    assert view_on_site(client, courses["theirs"].units.get()).status_code == 404


def test_view_on_site_still_works_for_a_superuser_and_never_for_visitors(client, client_for, courses, superuser):
    assert view_on_site(client, courses["theirs"]).status_code == 302
    assert "/admin/login/" in view_on_site(client, courses["theirs"])["Location"]
    assert view_on_site(client_for(superuser), courses["theirs"])["Location"].endswith("/courses/bo-secret-draft/")


@pytest.mark.parametrize("url", ["/references/", "/", "/themes/education-schooling/"])
def test_a_visitors_unknown_style_is_never_shown_to_the_next_visitor(seeded, url):
    bogus = Client()
    bogus.cookies["citation_style"] = "made-up-style"
    assert "made-up-style" in bogus.get(url).content.decode()
    assert "made-up-style" not in Client().get(url).content.decode()


def test_cookies_are_samesite_and_the_language_cookie_is_secure_in_production(client, settings, seeded):
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    style = client.get("/references/?style=apa").cookies["citation_style"]
    assert style["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_SAMESITE == settings.CSRF_COOKIE_SAMESITE == "Lax"


def production_settings(**extra) -> dict:
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "example.org", **extra}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'renderers': s.REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES'], "
        "'language_secure': s.LANGUAGE_COOKIE_SECURE, 'session_secure': s.SESSION_COOKIE_SECURE, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'num_proxies': s.REST_FRAMEWORK['NUM_PROXIES']}))"
    )
    env["DJANGO_SETTINGS_MODULE"] = "lbc_site.settings"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_production_turns_off_the_browsable_api_and_secures_every_cookie():
    production = production_settings()
    assert production["renderers"] == ["rest_framework.renderers.JSONRenderer"]
    assert production["language_secure"] and production["session_secure"] and production["csrf_secure"]
    assert production["num_proxies"] == 0
