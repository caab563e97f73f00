"""A page re-rendered after a content change formats again only the citations whose reference changed: the others
come from the cache, keyed by each reference's own stamp and authors."""

from django.test import Client

from courses.models import Course
from literature.citations import formatting
from literature.models import Reference


def test_an_unrelated_save_formats_nothing_again_and_a_reference_save_formats_only_it(make_course, instructor,
                                                                                      monkeypatch):  # fmt: skip
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4,)))
    client = Client()
    client.get("/courses/live/")
    formatted = []
    original = formatting.render_entries
    monkeypatch.setattr(
        formatting,
        "render_entries",
        lambda style, items, numbers: formatted.extend(items) or original(style, items, numbers),
    )
    unrelated = Reference.objects.exclude(reading_items__unit__course__slug="live").first()
    unrelated.title = "A study no course reads"
    unrelated.save()
    page = client.get("/courses/live/")
    assert page.templates and formatted == []  # rendered again, every citation from the cache
    shown = Reference.objects.get(key="mao2023analysis")
    shown.title = "Emotions of children whose parents migrated"
    shown.save()
    page = client.get("/courses/live/")
    assert [item["title"] for item in formatted] == ["Emotions of children whose parents migrated"]
    assert "Emotions of children whose parents migrated" in page.content.decode()
