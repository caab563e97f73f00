"""On PostgreSQL a connection outside a transaction keeps the content-version stamps it read and answers the same
read again without asking the database, until the database notifies a change (a trigger on the content versions
NOTIFYs at every commit that writes them; the connection LISTENs). A change committed on any connection, through
bump() or plain SQL, is seen by the next read; inside a transaction, or with DATABASE_LISTEN=0, every read asks."""

import threading

import psycopg
import pytest
from django.db import connection, connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from literature.models import ContentVersion

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="LISTEN/NOTIFY are PostgreSQL's")

SCOPE = "course:987654"


def read_queries(count: int = 1) -> int:
    """How many queries `count` reads of the stamps ran."""
    with CaptureQueriesContext(connection) as queries:
        for _ in range(count):
            ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)
    return len(queries.captured_queries)


def in_another_connection(work) -> None:
    """Run `work` in a thread, which has its own Django connection, committing as it goes."""
    errors = []

    def run():
        try:
            work()
        except Exception as error:  # reported in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not errors, errors


def plain_sql_bump(scope: str) -> None:
    """A write that bypasses the app: the trigger notifies all the same."""
    database = connection.settings_dict
    address = {"host": database["HOST"], "port": database["PORT"] or 5432, "user": database["USER"]}
    with psycopg.connect(**address, dbname=database["NAME"], autocommit=True) as other:
        other.execute("UPDATE literature_contentversion SET changed = now() WHERE scope = %s", [scope])


@pytest.mark.django_db(transaction=True)
def test_a_second_read_asks_the_database_nothing():
    ContentVersion.bump(SCOPE)
    assert read_queries() == 1
    assert read_queries(5) == 0


@pytest.mark.django_db(transaction=True)
def test_a_change_committed_on_another_connection_is_seen_by_the_next_read():
    ContentVersion.bump(SCOPE)
    before = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    in_another_connection(lambda: ContentVersion.bump(SCOPE))
    after = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    assert after > before
    assert after == ContentVersion.objects.get(scope=SCOPE).changed
    assert read_queries() == 0  # kept again


@pytest.mark.django_db(transaction=True)
def test_a_change_written_in_plain_sql_is_seen_too():
    ContentVersion.bump(SCOPE)
    before = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    plain_sql_bump(SCOPE)
    assert ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE] > before


@pytest.mark.django_db(transaction=True)
def test_a_change_made_by_this_connection_is_seen_at_once():
    ContentVersion.bump(SCOPE)
    before = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    with transaction.atomic():
        ContentVersion.bump(SCOPE)
        inside = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]  # its own uncommitted write
    assert inside > before
    assert ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE] == inside


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_is_not_kept():
    ContentVersion.bump(SCOPE)
    before = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    with pytest.raises(RuntimeError), transaction.atomic():
        ContentVersion.objects.filter(scope=SCOPE).update(changed=timezone.now())
        ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)  # read inside: never kept
        raise RuntimeError("rolled back")
    assert ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE] == before


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_every_read_asks_the_database():
    ContentVersion.bump(SCOPE)
    read_queries()
    with transaction.atomic():
        assert read_queries(3) == 3


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_keeps_nothing_from_the_old_one():
    ContentVersion.bump(SCOPE)
    before = ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE]
    connection.close()
    plain_sql_bump(SCOPE)  # while no connection of this thread listens
    assert ContentVersion.stamps(ContentVersion.LIBRARY, SCOPE)[SCOPE] > before


@pytest.mark.django_db(transaction=True)
def test_with_listening_turned_off_every_read_asks_the_database():
    ContentVersion.bump(SCOPE)
    with override_settings(DATABASE_LISTEN=False):
        assert read_queries(3) == 3
