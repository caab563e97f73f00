"""Cache keys built only from the query parameters that change what a page or an API read shows.

The full query string used to be part of the key, so `?junk=1`, `?junk=2`, … each stored a copy of the same
page: any visitor could fill the cache. Now unknown parameters are dropped, empty ones too, a repeated one
counts once (its last value, the one the filters use), and the rest are sorted, so every spelling of one
page shares one entry.
"""

from collections.abc import Iterable

from django.http import QueryDict


def normalised_query(params: QueryDict, allowed: Iterable[str], *, leave_out: Iterable[str] = ()) -> str:
    """The allowed, non-empty parameters as a sorted, URL-encoded query string (for keys and links)."""
    allowed, leave_out = set(allowed), set(leave_out)
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in allowed and name not in leave_out and (value := params.getlist(name)[-1].strip()):
            kept[name] = value
    return kept.urlencode()
