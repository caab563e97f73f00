"""Production's cache (lbc_site/cache.py) answers a repeat read of a page body or template fragment from a copy in the
process, without Redis; every other entry is read from Redis each time, so a change made by another app server is
seen at once. The copies are dropped by clear() and delete(), keep the entry's timeout and stay within their bytes.
One Redis client (per connection pool) serves every operation, not a new one each."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from lbc_site import cache as site_cache
from tests.ops.conftest import REDIS, redis_reachable

pytestmark = pytest.mark.skipif(not redis_reachable(), reason=f"no Redis at {REDIS}")


@pytest.fixture
def redis_cache():
    settings = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "site": {
            "BACKEND": "lbc_site.cache.RedisCacheWithLocalCopies",
            "LOCATION": REDIS,
            "KEY_PREFIX": "copies-test",
            "OPTIONS": {"LOCAL_BYTES": 80_000},
        },
        # The same Redis, seen as another app server would: no copies of its own.
        "elsewhere": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": "copies-test",
        },
    }
    with override_settings(CACHES=settings):
        caches["site"].clear()
        yield caches["site"], caches["elsewhere"]
        caches["site"].clear()


@pytest.fixture
def redis_reads(redis_cache, monkeypatch):
    """The keys read from Redis (by either cache: they share the client class)."""
    site, _ = redis_cache
    reads = []
    client_get = type(site._cache).get

    def counted(self, key, default):
        reads.append(key)
        return client_get(self, key, default)

    monkeypatch.setattr(type(site._cache), "get", counted)
    return reads


def test_a_page_body_read_again_comes_from_the_process_without_a_redis_read(redis_cache, redis_reads):
    site, elsewhere = redis_cache
    elsewhere.set("page:abc", b"<html>body</html>", 600)  # stored by another app server
    assert site.get("page:abc") == b"<html>body</html>"
    assert site.get("page:abc") == b"<html>body</html>"
    assert len(redis_reads) == 1


def test_a_fragment_set_here_is_read_back_without_redis(redis_cache, redis_reads):
    site, elsewhere = redis_cache
    site.set("template.cache.course-page.123", "<h1>Course</h1>", 600)
    assert site.get("template.cache.course-page.123") == "<h1>Course</h1>"
    assert redis_reads == []
    assert elsewhere.get("template.cache.course-page.123") == "<h1>Course</h1>"  # Redis has it for the others


def test_other_entries_are_read_from_redis_every_time(redis_cache, redis_reads):
    site, elsewhere = redis_cache
    site.set("lti:jwks:1", '{"keys": ["old"]}', 600)
    assert site.get("lti:jwks:1") == '{"keys": ["old"]}'
    elsewhere.set("lti:jwks:1", '{"keys": ["new"]}', 600)  # another app server fetched the platform's new keys
    assert site.get("lti:jwks:1") == '{"keys": ["new"]}'
    assert len(redis_reads) == 2


def test_clear_and_delete_drop_the_copies(redis_cache):
    site, elsewhere = redis_cache
    site.set("page:one", b"one", 600)
    site.set("page:two", b"two", 600)
    site.delete("page:one")
    assert site.get("page:one") is None
    site.clear()
    assert site.get("page:two") is None
    assert elsewhere.get("page:two") is None


def test_a_copy_lasts_no_longer_than_the_entry(redis_cache, redis_reads, monkeypatch):
    site, _ = redis_cache
    now = [1000.0]
    monkeypatch.setattr(site_cache.time, "monotonic", lambda: now[0])
    site.set("page:brief", b"brief", 30)
    now[0] += 29
    assert site.get("page:brief") == b"brief"
    assert redis_reads == []
    now[0] += 2  # past the timeout: the copy is gone, and Redis is asked
    site.get("page:brief")
    assert redis_reads == [site.make_key("page:brief")]


def test_the_copies_stay_within_their_bytes_dropping_the_least_recently_read(redis_cache, redis_reads):
    site, _ = redis_cache
    body = b"x" * 9_000  # 80,000 bytes hold eight of these
    for number in range(8):
        site.set(f"page:{number}", body, 600)
    site.get("page:0")  # read again: the most recently used now
    site.set("page:8", body, 600)  # pushes out the least recently used: page:1
    assert site._held <= 80_000
    redis_reads.clear()
    for number in (0, 2, 3, 4, 5, 6, 7, 8):
        site.get(f"page:{number}")
    assert redis_reads == []
    site.get("page:1")
    assert redis_reads == [site.make_key("page:1")]


def test_one_redis_client_serves_every_operation(redis_cache, monkeypatch):
    site, _ = redis_cache
    made = []
    make_client = site._cache._client

    def counted(**kwargs):
        made.append(kwargs)
        return make_client(**kwargs)

    monkeypatch.setattr(site._cache, "_client", counted)
    site._cache._clients.clear()
    site.set("throttle:a", 1, 60)
    site.set("page:b", b"body", 60)
    assert site.get("throttle:a") == 1 and site.incr("throttle:a") == 2
    site.delete("page:b")
    assert site.get("page:b") is None
    assert len(made) == 1
