"""The article, library and course pages keep their heavy part (formatted citations, charts, units) in the cache
until the content changes: a repeat visit runs fewer queries, yet every edit, style and language shows at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import Reference, Theme

PAGES = ["/", "/references/", "/references/?q=children&sort=year", "/courses/live/", "/references/mao2023analysis/",
         "/themes/family-parenting/"]  # fmt: skip


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4,)))


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_a_repeat_visit_is_served_from_the_cache_with_a_few_queries(client, course, url):
    first, repeat = queries(client, url), queries(client, url)
    assert repeat < first
    assert repeat <= 3  # the content version, and the course, reference or theme the URL names


def mao() -> Reference:
    return Reference.objects.get(key="mao2023analysis")


def retitle_the_reference(**_):
    reference = mao()
    reference.title = "Emotions of children whose parents migrated"
    reference.save()
    return "Emotions of children whose parents migrated"


def rename_a_unit(**_):
    unit = Unit.objects.get(course__slug="live", position=1)
    unit.title = "Grandparents as carers"
    unit.save()
    return "Grandparents as carers"


def add_a_note_to_a_reading(**_):
    item = ReadingItem.objects.filter(unit__course__slug="live").first()
    item.note = "Read the *methods* section first."
    item.save()
    return "<em>methods</em>"


def tag_a_reference_with_the_theme(**_):
    reference = Reference.objects.exclude(themes__slug="family-parenting").first()
    reference.themes.add(Theme.objects.get(slug="family-parenting"))  # many-to-many: no save of either side
    return f"/references/{reference.key}/"


@pytest.mark.parametrize(
    ("url", "edit"),
    [
        ("/", retitle_the_reference),
        ("/references/", retitle_the_reference),
        ("/references/mao2023analysis/", retitle_the_reference),
        ("/courses/live/", retitle_the_reference),
        ("/courses/live/", rename_a_unit),
        ("/courses/live/", add_a_note_to_a_reading),
        ("/themes/family-parenting/", tag_a_reference_with_the_theme),
    ],
)
def test_an_edit_shows_on_the_next_visit(client, course, url, edit):
    client.get(url)
    shown = edit()
    assert shown in client.get(url).content.decode()


def test_each_style_and_each_language_has_its_own_copy(seeded, course):
    vancouver = Client().get("/courses/live/").content.decode()
    apa = Client().get("/courses/live/?style=apa").content.decode()
    chinese = Client().get("/courses/live/", headers={"accept-language": "zh-CN"}).content.decode()
    assert "Mao K. An Analysis of Emotions" in vancouver
    assert "Mao, K. (2023). <i>An Analysis of Emotions" in apa
    assert "Mao K. An Analysis of Emotions" in chinese and '<html lang="zh-hans">' in chinese
    assert "条" in Client().get("/references/", headers={"accept-language": "zh-CN"}).content.decode()
    assert "条" not in Client().get("/references/").content.decode()


def test_an_instructors_preview_of_a_draft_never_reaches_the_public(client, client_for, make_course, instructor):
    make_course(instructor, slug="draft", status=Course.Status.DRAFT)
    preview = client_for(instructor).get("/courses/draft/")
    assert preview.status_code == 200 and "Preview: this course is draft" in preview.content.decode()
    client.logout()
    assert client.get("/courses/draft/").status_code == 404
