"""A course page made again (its course or the library changed) renders only the readings that changed; the
others come from the cache in one round trip (courses/reading_html.py). What a reading shows but does not keep
on its own row (its reference's authors, the audit's link state, the find-it settings, the language) still
shows at once."""

import pytest

from courses import reading_html
from courses.models import Course, ReadingItem
from literature.models import AuditFinding, Author, ContentVersion, Reference

URL = "/courses/first/"


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="first", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4, 5)))


@pytest.fixture
def rendered(monkeypatch):
    """The readings rendered (not read from the cache), by id, since the fixture was asked for."""
    made = []
    render = reading_html.render_to_string

    def counting(template, context):
        made.append(context["item"].pk)
        return render(template, context)

    monkeypatch.setattr(reading_html, "render_to_string", counting)
    return made


def page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_editing_one_reading_renders_that_reading_only(client, course, rendered):
    page(client)
    assert len(rendered) == 5
    item = ReadingItem.objects.filter(unit__course=course).order_by("pk")[2]
    item.note = "Read the **method** section twice"
    item.save()
    rendered.clear()
    shown = page(client)
    assert "Read the <strong>method</strong> section twice" in shown
    assert rendered == [item.pk]
    assert all(f'id="reading-{pk}"' in shown for pk in ReadingItem.objects.values_list("pk", flat=True))


def test_a_change_elsewhere_in_the_library_renders_no_reading(client, course, rendered):
    page(client)
    other = Reference.objects.exclude(reading_items__unit__course=course).first()
    other.title = "A study no course reads"
    other.save()
    ContentVersion.bump()  # and the whole site, as after a restore
    rendered.clear()
    shown = page(client)
    assert rendered == []
    assert shown.count('class="reading ') == 5


def test_a_renamed_author_shows_at_once(client, course):
    page(client)
    reference = ReadingItem.objects.filter(unit__course=course).first().reference
    author = reference.authors.first()
    Author.objects.filter(pk=author.pk).update(family="Zhang-Renamed")  # the reference's row is untouched
    ContentVersion.bump(ContentVersion.LIBRARY)
    assert "Zhang-Renamed" in page(client)


def test_a_link_the_audit_finds_broken_is_marked_at_once(client, course):
    AuditFinding.objects.all().delete()  # the seed's own findings may already mark one of these links
    ContentVersion.bump(ContentVersion.LIBRARY)
    assert "(link may be broken)" not in page(client)
    reference = ReadingItem.objects.filter(unit__course=course, reference__url__gt="").first().reference
    AuditFinding.objects.create(
        reference=reference, kind="broken_link", severity="error", message="HTTP 404", link="url"
    )
    ContentVersion.bump(ContentVersion.LIBRARY)  # as an audit does when it ends (literature/audit.py)
    assert "(link may be broken)" in page(client)


def test_the_find_it_settings_and_the_language_are_part_of_what_is_cached(client, course, settings):
    assert "resolver-link" not in page(client)
    settings.OPENURL_RESOLVER = "https://resolver.example.edu/openurl"
    ContentVersion.bump()
    assert "resolver-link" in page(client)
    client.cookies["django_language"] = "zh-hans"
    assert "找到" in page(client) or "图书馆" in page(client)
