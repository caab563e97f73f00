import datetime

import pytest
from rest_framework.test import APIClient

from courses.models import Course


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture
def courses(make_course, instructor, other_instructor):
    """Ada's published and draft courses, and Bo's draft."""
    return {
        "published": make_course(instructor, slug="ada-live", status=Course.Status.PUBLISHED),
        "draft": make_course(instructor, slug="ada-draft"),
        "other": make_course(other_instructor, slug="bo-draft", units=((27,),)),
    }


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def instructor_token(instructor):
    """The key an LMS script of Ada's sends as `Authorization: Token <key>`."""
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=instructor).key


class Clock:
    """Django's clock (django.utils.timezone.now) stopped at a chosen moment, moved only by the test."""

    def __init__(self, now):
        self.now = now

    def advance(self, **timedelta):
        self.now += datetime.timedelta(**timedelta)


@pytest.fixture
def clock(monkeypatch):
    """The content version and Last-Modified read the time through timezone.now(); this stops it at a known
    moment, so a test does not depend on which wall-clock second it happens to run in."""
    from django.utils import timezone

    stopped = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: stopped.now)
    return stopped
