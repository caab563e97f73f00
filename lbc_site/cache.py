"""The site's cache in production: Redis, with a copy kept in each app server process of the entries whose key is made
from everything they show.

A public page's body (`page:<digest>`, literature/page_cache.py) and a template fragment (`template.cache.…`, keyed by
content versions or stamps) never change under their key: when the content changes, the key does. So a copy held
here is exactly as fresh as Redis's, and a repeat visit reads it without a round trip to Redis and without copying
some hundred kilobytes through the Redis client. Every other entry (throttle counters, remembered import previews,
LTI keys) goes to Redis alone, because its value changes under the same key.

The copies are bounded in bytes (OPTIONS["LOCAL_BYTES"], least recently used first out) and keep the entry's
timeout. clear() and delete() drop them in this process only; other processes keep theirs, which is harmless for keys
that name their content.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

CONTENT_ADDRESSED = ("page:", "template.cache.")
DEFAULT_LOCAL_BYTES = 64 * 1024 * 1024


class OneClientPerPool(RedisCacheClient):
    """Django's client makes a new redis.Redis for every operation, and each builds its table of some 170 response
    callbacks: 60 µs, twice per page made. One redis.Redis per connection pool serves them all (it takes a
    connection from the pool for each command, so threads can share it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCacheWithLocalCopies(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.local_bytes = int(options.pop("LOCAL_BYTES", DEFAULT_LOCAL_BYTES))
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = OneClientPerPool
        self._copies: OrderedDict[str, tuple[float | None, str | bytes]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    @staticmethod
    def _local(key: str, value=None) -> bool:
        return key.startswith(CONTENT_ADDRESSED) and (value is None or isinstance(value, str | bytes))

    def get(self, key, default=None, version=None):
        if not self._local(key):
            return super().get(key, default, version)
        full_key = self.make_and_validate_key(key, version=version)
        with self._lock:
            found = self._copies.get(full_key)
            if found is not None:
                expires, value = found
                if expires is None or expires > time.monotonic():
                    self._copies.move_to_end(full_key)
                    return value
                self._forget(full_key)
        value = super().get(key, default, version)
        if value is not default:
            # The copy lives at most as long as Redis's entry was set to; its remaining time is not known here.
            self._keep(full_key, value, self.default_timeout)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        if self._local(key, value):
            self._keep(self.make_and_validate_key(key, version=version), value, self.get_backend_timeout(timeout))

    def delete(self, key, version=None):
        with self._lock:
            self._forget(self.make_and_validate_key(key, version=version))
        return super().delete(key, version)

    def clear(self):
        with self._lock:
            self._copies.clear()
            self._held = 0
        return super().clear()

    def _keep(self, full_key: str, value, timeout) -> None:
        if not isinstance(value, str | bytes) or timeout == 0:
            return
        size = len(value)
        if size > self.local_bytes // 8:
            return  # one huge entry would push out many small ones
        expires = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._forget(full_key)
            self._copies[full_key] = (expires, value)
            self._held += size
            while self._held > self.local_bytes:
                _, (_, oldest) = self._copies.popitem(last=False)
                self._held -= len(oldest)

    def _forget(self, full_key: str) -> None:
        found = self._copies.pop(full_key, None)
        if found is not None:
            self._held -= len(found[1])
