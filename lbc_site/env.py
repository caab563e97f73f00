"""Small readers for environment variables that fail loudly on bad values."""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false, yes/no, on/off), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default: str, *, conn_max_age: int) -> dict:
    """The database settings from a URL such as postgres://user:password@host:5432/name or sqlite:///path."""
    raw = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(raw, conn_max_age=conn_max_age, conn_health_checks=True)
    except ValueError as error:  # an unknown scheme, a port that is not a number, …
        raise ImproperlyConfigured(f"{name} is not a database URL we can use ({error}): {_redacted(raw)}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database: {_redacted(raw)}")
    if config["ENGINE"] == "django.db.backends.postgresql":
        config["ENGINE"] = "lbc_site.postgresql"  # Django's, with a health check that costs no round trip
    return config


def env_redis_url(name: str) -> str:
    """A Redis URL (redis://, rediss:// or unix://), or "" when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return ""
    parts = urlsplit(raw)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ImproperlyConfigured(f"{name} must start with redis://, rediss:// or unix://, got {_redacted(raw)}")
    try:
        parts.port  # noqa: B018 -- raises for a port that is not a number
    except ValueError:
        raise ImproperlyConfigured(f"{name} has a port that is not a number: {_redacted(raw)}") from None
    if parts.scheme != "unix" and not parts.hostname:
        raise ImproperlyConfigured(f"{name} names no host: {_redacted(raw)}")
    return raw


def secret_key_weakness(key: str, *, dev_default: str) -> str:
    """Why this SECRET_KEY must not sign production sessions and LTI states, or "" when it is fine.

    The same bar as Django's deploy check (security.W009): at least 50 characters, at least 5 different ones,
    and not a key Django or this project publishes.
    """
    if key == dev_default or key.startswith("django-insecure"):
        return "it is a published development key; generate one (see README, Configuration)."
    if len(key) < 50:
        return f"it has {len(key)} characters; use at least 50 random ones (see README, Configuration)."
    if len(set(key)) < 5:
        return "it uses fewer than 5 different characters; use a random one (see README, Configuration)."
    return ""


def _redacted(url: str) -> str:
    """The URL without its password, fit to print in an error message."""
    try:
        parts = urlsplit(url)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return parts._replace(netloc=netloc).geturl()
    except ValueError:
        return "(unreadable)"
    return url


def env_url(name: str, default: str = "") -> str:
    """An http(s) address with a host, or "" when unset."""
    raw = os.environ.get(name, default).strip()
    if raw and (urlsplit(raw).scheme not in ("http", "https") or not urlsplit(raw).hostname):
        raise ImproperlyConfigured(f"{name} must be an http:// or https:// address, got {raw!r}")
    return raw


def env_searches(name: str, default: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Named search addresses, "Name|https://…{query}…" separated by ";" (a URL may hold commas)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    searches = []
    for entry in (part.strip() for part in raw.split(";")):
        if not entry:
            continue
        label, _, template = (text.strip() for text in entry.partition("|"))
        if not label or "{query}" not in template or urlsplit(template).scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                f"{name}: each entry is 'Name|https://…{{query}}…', separated by ';'; got {entry!r}"
            )
        searches.append((label, template))
    return searches
