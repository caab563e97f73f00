"""PostgreSQL: the health check Django runs before a request's first query on a reused connection
(CONN_HEALTH_CHECKS) sends nothing to the server, yet finds a connection the server has closed, and Django then
opens a new one for the query."""

import psycopg
import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's health check"),
]


@pytest.fixture
def own_connection():
    """A connection of its own (outside the test's transaction), to be closed by the server."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def test_the_site_uses_the_backend_with_the_quiet_health_check(own_connection):
    assert type(own_connection).__module__ == "lbc_site.postgresql.base"
    assert own_connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_healthy_connection_is_usable_without_a_query(own_connection, monkeypatch):
    def no_query(*args, **kwargs):
        raise AssertionError("the health check sent a query")

    monkeypatch.setattr(psycopg.Connection, "execute", no_query)
    monkeypatch.setattr(psycopg.Cursor, "execute", no_query)  # Django's own check: SELECT 1 through a cursor
    assert own_connection.is_usable()


def test_a_connection_the_server_closed_is_not_usable_and_is_opened_again(own_connection):
    pid = own_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])  # returns once that backend has exited
        assert cursor.fetchone()[0] is True
    assert not own_connection.is_usable()
    own_connection.health_check_enabled, own_connection.health_check_done = True, False  # a new request
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
