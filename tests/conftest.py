import datetime
import io
import json

import pytest
from django.core.management import call_command

from courses.models import Course, ReadingItem, Unit
from literature.models import Article, Author, Citation, Reference

# The seed (the article, its 51 references and themes) is loaded once per session, right after the test
# database is migrated, the way the README does it (`manage.py load_seed`); tests that ask for it (`seeded`,
# or a fixture built on it) find it there. Any other database test starts without it, as on a new site: its
# rows are deleted inside the test's transaction, a few milliseconds instead of a reload of ≈0.6 s. Each test
# runs in a transaction that is rolled back, so the seed is back for the next one.
#
# Transactional tests (the browser tests' live server) commit for real, and pytest-django flushes every table
# after each of them. The database is snapshotted once, migrated and seeded (with the migrations' rows, such
# as the Instructor group and its permissions), and the next test after a flush, transactional or not, starts
# from that snapshot again. pytest-django runs transactional tests after the others, so that happens about
# once per browser test.

_seed = {"tables": [], "snapshot": "", "flushed": False}


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file, as in production, not Django's shared in-memory one: the browser
    tests' live server answers several requests at once (htmx), and a shared in-memory database then refuses
    them with "database table is locked" where a file (WAL, a busy timeout) lets them wait their turn."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    def row_counts():
        # Only the models' tables: the full-text index's tables (SQLite FTS5) follow them through triggers, and
        # deleting from them directly would corrupt the index.
        with connection.cursor() as cursor:
            counts = {}
            for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = cursor.fetchone()[0]
            return counts

    with django_db_blocker.unblock():
        before = row_counts()
        call_command("load_seed", stdout=io.StringIO())
        _seed["tables"] = [table for table, count in row_counts().items() if count != before[table]]
        # Without the content versions: restoring the snapshot's many-to-many rows moves them on anyway (a
        # many-to-many change sends no "raw" flag), and the snapshot's own rows would then collide with those.
        snapshot = json.loads(connection.creation.serialize_db_to_string())
        _seed["snapshot"] = json.dumps([row for row in snapshot if row["model"] != "literature.contentversion"])


@pytest.fixture(autouse=True)
def _the_seed_only_where_asked(request, django_db_blocker):
    """Autouse, so it sets up before (and tears down after) the test's other fixtures."""
    from django.db import connection, transaction

    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")  # `pytestmark = pytest.mark.django_db` asks no fixture
    transactional = "transactional_db" in names or "live_server" in names
    transactional = transactional or bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    if transactional or "db" in names or marker:
        if _seed["flushed"]:
            with django_db_blocker.unblock():
                # The flush ran post_migrate, which made content types and permissions again under new ids.
                # Sequences stay where they are, above the snapshot's ids (PostgreSQL would hand them out again).
                call_command("flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False, verbosity=0)
                connection.creation.deserialize_db_from_string(_seed["snapshot"])
            _seed["flushed"] = False
        request.getfixturevalue("transactional_db" if transactional else "db")
        if "seeded" not in names:
            with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
                for table in _seed["tables"]:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
    yield
    if transactional:
        _seed["flushed"] = True


@pytest.fixture(scope="session", autouse=True)
def _quick_password_hashing():
    """Most tests create personas with passwords; the production hasher (PBKDF2, a million rounds) takes a
    good part of a second for each. No test is about the hash's strength, so the tests use a quick one."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Pages and API reads are cached under the content version. Now that the seed (and its version) outlives
    a test, a test must not be served what an earlier test cached: each starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seeded(db):
    """The founding article with its 51 references and themes (loaded once per session, see above)."""
    article = Article.objects.first()
    if article is None:
        # Asked for only while the test ran (Schemathesis resolves its test's fixtures late), after
        # _the_seed_only_where_asked had removed the seed: load it again, the slow way.
        call_command("load_seed", stdout=io.StringIO())
        article = Article.objects.get()
    return article


@pytest.fixture
def admin_client_user(db, django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", "not-a-real-password-1")


@pytest.fixture
def make_cited_references(db):
    """Cite `count` extra synthetic references in an article (for small-vs-large query-count tests)."""

    def make(article: Article, count: int) -> None:
        start = (
            Citation.objects.filter(article=article).order_by("-number").values_list("number", flat=True).first()
        ) or 0
        references = Reference.objects.bulk_create(
            Reference(
                key=f"synthetic-{start + i}", type="article-journal", title=f"Synthetic study {start + i}", year=2020
            )
            for i in range(1, count + 1)
        )
        Author.objects.bulk_create(
            Author(reference=reference, position=1, family="Synth", given="S") for reference in references
        )
        Citation.objects.bulk_create(
            Citation(article=article, reference=reference, number=start + i)
            for i, reference in enumerate(references, start=1)
        )
        themes = list(article.references.order_by("pk").first().themes.all())
        Reference.themes.through.objects.bulk_create(
            Reference.themes.through(reference=reference, theme=theme) for reference in references for theme in themes
        )

    return make


# Personas: two instructors, a student (an account without admin access), a superuser.
PASSWORD = "a-long-test-password-123"


def _instructor_group():
    """The group the migrations create (browser tests get it back after a flush: the session's snapshot)."""
    from django.contrib.auth.models import Group

    from lbc_site.roles import INSTRUCTOR_GROUP

    return Group.objects.get(name=INSTRUCTOR_GROUP)


def _user(django_user_model, username, *, staff=False, superuser=False, instructor=False, name=""):
    first, _, last = name.partition(" ")
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=staff or superuser, is_superuser=superuser,
        first_name=first, last_name=last,
    )  # fmt: skip
    if instructor:
        user.groups.add(_instructor_group())
    return user


@pytest.fixture
def instructor(db, django_user_model):
    return _user(django_user_model, "ada", staff=True, instructor=True, name="Ada Lin")


@pytest.fixture
def other_instructor(db, django_user_model):
    return _user(django_user_model, "bo", staff=True, instructor=True, name="Bo Chen")


@pytest.fixture
def student(db, django_user_model):
    return _user(django_user_model, "sam", name="Sam Wu")


@pytest.fixture
def superuser(db, django_user_model):
    return _user(django_user_model, "root-admin", superuser=True)


@pytest.fixture
def client_for(client):
    """Log the test client in as a persona: client_for(instructor)."""

    def login(user):
        client.force_login(user)
        return client

    return login


def reference(article, number):
    return Citation.objects.get(article=article, number=number).reference


@pytest.fixture
def make_course(seeded):
    """A course taught by the given instructors, with units of readings given by article reference numbers."""

    def make(*instructors, slug="soc-101", status=Course.Status.DRAFT, units=((5, 3), (14,)), start=None):
        course = Course.objects.create(
            code="SOC 101",
            title=f"Course {slug}",
            slug=slug,
            term="Spring 2027",
            start_date=start or datetime.date(2027, 3, 1),
            status=status,
        )
        course.instructors.set(instructors)
        for position, numbers in enumerate(units, start=1):
            unit = Unit.objects.create(
                course=course,
                position=position,
                title=f"Week {position}",
                date=course.start_date + datetime.timedelta(weeks=position - 1),
            )
            for item_position, number in enumerate(numbers, start=1):
                ReadingItem.objects.create(unit=unit, reference=reference(seeded, number), position=item_position)
        return course

    return make
