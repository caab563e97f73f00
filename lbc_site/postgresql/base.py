"""Django's PostgreSQL backend, with a health check that costs no round trip.

With CONN_HEALTH_CHECKS (lbc_site/env.py) Django checks a reused connection before a request's first query by
sending SELECT 1: a round trip on every request, as much as a cached page's one query cost before the content
versions were kept per connection (literature/version_memo.py), after which a 304 asks the database nothing.
Here the check reads, without waiting, what the server has sent on the idle connection: a connection the server
closed (a restart, pg_terminate_backend, an idle timeout) fails that read, or is no longer in a usable state,
and Django opens a new one before the query, as it does when SELECT 1 fails. What it reads (a notification) stays
in the client's buffer for whoever asks next.
"""

import psycopg
from django.db.backends.postgresql import base

USABLE = (psycopg.pq.TransactionStatus.IDLE, psycopg.pq.TransactionStatus.INTRANS)


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        if self.connection is None or self.connection.closed:
            return False
        pgconn = self.connection.pgconn
        try:
            # Twice: a server that ends a connection sends a last error message, then closes it; one read can
            # take in the message and stop there, the next meets the closed socket (and fails).
            pgconn.consume_input()
            pgconn.consume_input()
        except psycopg.Error:
            return False
        return pgconn.status == psycopg.pq.ConnStatus.OK and pgconn.transaction_status in USABLE
