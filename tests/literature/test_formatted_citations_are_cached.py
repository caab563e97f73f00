import pytest
from django.core.cache import cache

from literature.citations import engine, formatted_references
from literature.models import Reference


@pytest.fixture
def renders(settings, monkeypatch):
    """A fresh local-memory cache, and a count of the CSL processor's renderings."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cached"}}
    # Local-memory caches of the same LOCATION share their entries across tests; the seed's references (and
    # so their cache keys) are the same in every test now that it is loaded once per session.
    cache.clear()
    calls = []
    render = engine.render

    def counting_render(style, items, **kwargs):
        calls.append(len(items))
        return render(style, items, **kwargs)

    monkeypatch.setattr(engine, "render", counting_render)
    return calls


def cited_references(article):
    return [citation.reference for citation in article.cited_references()]


def test_a_second_request_is_served_without_the_processor(seeded, renders):
    references = cited_references(seeded)
    first = formatted_references(references, "apa")
    assert len(renders) == 51

    renders.clear()
    assert formatted_references(references, "apa") == first
    assert renders == []


def test_html_and_text_are_cached_separately(seeded, renders):
    references = cited_references(seeded)[:3]
    text = formatted_references(references, "apa")
    html = formatted_references(references, "apa", output="html")
    assert len(renders) == 6
    assert text != html
    assert "<i>" in html[0]


def test_a_saved_reference_is_rendered_again_and_only_it(seeded, renders):
    references = cited_references(seeded)[:5]
    formatted_references(references, "nlm-citation-sequence")
    renders.clear()

    changed = Reference.objects.prefetch_related("authors").get(pk=references[2].pk)
    changed.title = "A corrected title"
    changed.save()
    references[2] = changed

    entries = formatted_references(references, "nlm-citation-sequence")
    assert renders == [1]
    assert entries[2].startswith("3. ") and "A corrected title." in entries[2]


def test_numbers_follow_the_position_in_each_list_from_one_cached_entry(seeded, renders):
    references = cited_references(seeded)[:3]
    in_order = formatted_references(references, "china-national-standard-gb-t-7714-2015-numeric")
    reversed_order = formatted_references(references[::-1], "china-national-standard-gb-t-7714-2015-numeric")
    assert len(renders) == 3  # each entry was rendered once, for both lists
    assert [entry[:4] for entry in in_order] == ["[1] ", "[2] ", "[3] "]
    assert reversed_order[0] == "[1] " + in_order[2].removeprefix("[3] ")
    assert reversed_order[2] == "[3] " + in_order[0].removeprefix("[1] ")


def test_an_author_edited_without_saving_the_reference_is_not_served_stale(seeded, renders):
    references = cited_references(seeded)[:1]
    before = formatted_references(references, "apa")
    author = references[0].authors.all()[0]
    author.family = "Maonew"
    author.save()
    reloaded = list(Reference.objects.prefetch_related("authors").filter(pk=references[0].pk))
    after = formatted_references(reloaded, "apa")
    assert before != after and after[0].startswith("Maonew")
