import datetime

import pytest
from django.core.management import call_command

from courses.models import Course, ReadingItem, Unit
from literature.models import Article, Author, Citation, Reference


@pytest.fixture
def seeded(db):
    """The founding article with its 51 references and themes, loaded the way the README does it."""
    call_command("load_seed", verbosity=0)
    return Article.objects.get()


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
    """The group the migrations create. A transactional (browser) test's flush deletes it, so make it again
    when missing, with the permissions those migrations grant."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from lbc_site.roles import INSTRUCTOR_GROUP, grant_to_instructors, instructor_group

    if not Group.objects.filter(name=INSTRUCTOR_GROUP).exists():
        granting = ("courses.migrations.0002_instructor_group", "literature.migrations.0004_instructor_views_audit")
        for migration in granting:
            grant_to_instructors(apps, importlib.import_module(migration).GRANTS)
    return instructor_group()


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
