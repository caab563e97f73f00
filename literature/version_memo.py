"""On PostgreSQL, each connection keeps the content-version stamps it read until the database says one changed.

Every page and API read asks for the stamps first; a cache hit or a 304 asks nothing else, and that one query (a
round trip to the server) was half of what such a request cost. Instead, a connection that is not inside a
transaction LISTENs on a channel that a trigger on the content versions' table notifies at every commit that
writes them (migration 0015), and answers a read it already made from memory until a notification arrives:
before each answer it reads what the server has sent on the idle connection (a non-blocking receive, no round
trip). A notification (or a connection that fails that read) empties what it keeps, and the read goes to the
database. A commit's notification reaches every listening connection within moments of the commit, so a reader
sees a change as soon as the network brings it, not after a timeout.

Not used inside a transaction (a read there can see the transaction's own, uncommitted writes, and a rollback
would leave them remembered), on SQLite (whose read costs no round trip), or with DATABASE_LISTEN=0 (behind a
connection pooler in transaction mode, which cannot keep a LISTEN).
"""

import weakref

import psycopg
from django.conf import settings

CHANNEL = "lbc_content_versions"
MAX_KEPT = 1_000  # different reads kept per connection (each course address is one); beyond, start again


class Kept:
    """A connection's remembered reads. `changes` counts the notifications heard: a read whose answer came while
    one arrived may predate the change, so it is not kept (ContentVersion.stamps compares it before and after)."""

    __slots__ = ("changes", "reads")

    def __init__(self):
        self.reads: dict[tuple, dict] = {}
        self.changes = 0

    def changed(self, notify=None) -> None:
        self.reads.clear()
        self.changes += 1


_kept: "weakref.WeakKeyDictionary[object, Kept]" = weakref.WeakKeyDictionary()


def remembered(connection) -> Kept | None:
    """What this Django connection keeps, up to date with what the server has sent; or None when it keeps
    nothing (see above)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block or not settings.DATABASE_LISTEN:
        return None
    connection.ensure_connection()
    pg = connection.connection
    kept = _kept.get(pg)
    if kept is None:
        kept = _kept[pg] = Kept()
        pg.add_notify_handler(kept.changed)  # a notification read with a query's answer
        pg.execute(f"LISTEN {CHANNEL}")  # outside a transaction: in effect at once
        return kept
    try:
        pg.pgconn.consume_input()  # what arrived since the last answer, without waiting
        while pg.pgconn.notifies() is not None:
            kept.changed()
    except psycopg.Error:  # a broken connection: forget, and let the read itself meet the error
        kept.changed()
        return None
    if len(kept.reads) > MAX_KEPT:
        kept.reads.clear()
    return kept


def forget(connection) -> None:
    """Drop what this connection keeps (a write in this process: other connections hear of it at commit)."""
    if connection.vendor == "postgresql" and connection.connection is not None:
        kept = _kept.get(connection.connection)
        if kept is not None:
            kept.changed()
