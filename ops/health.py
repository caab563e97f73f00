"""Is this app server able to serve? The database answers a query and the cache stores and returns a value."""

import logging
import uuid

from django.core.cache import cache
from django.db import connection

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "down"; the log keeps what it was
        logger.warning("Health check: the database cannot be reached", exc_info=True)
        return False


def cache_ok() -> bool:
    # A key of its own per check, so two servers probing at once never read each other's value.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        found = cache.get(key)
        cache.delete(key)
        return found == value
    except Exception:
        logger.warning("Health check: the cache cannot be reached", exc_info=True)
        return False


def status() -> dict[str, str]:
    """{"status": "ok"|"error", "database": "ok"|"error", "cache": "ok"|"error"}: no versions, no addresses."""
    parts = {"database": database_ok(), "cache": cache_ok()}
    report = {name: "ok" if ok else "error" for name, ok in parts.items()}
    return {"status": "ok" if all(parts.values()) else "error", **report}
