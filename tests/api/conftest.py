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
