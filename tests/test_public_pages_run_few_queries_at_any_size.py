"""Every public page runs a few queries (at most 6) however many references, readings or matches there are, on
the cold path (nothing cached) as on a repeat visit; theme pages are paged like the library."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import Reference

PUBLIC = [
    "/",
    "/references/",
    "/references/?page=2",
    "/references/?q=synthetic",
    "/references/?q=study&sort=author",
    "/references/?q=zzzznothing",  # a search that matches nothing
    "/references/?q=留守儿童 synthetic",  # a glossary term: also searched in English
    "/references/?theme=family-parenting&sort=-year",
    "/references/mao2023analysis/",
    "/themes/family-parenting/",
    "/themes/family-parenting/?page=2",
    "/glossary/",
    "/courses/",
    "/courses/live/",
    "/courses/live/export.txt",
    "/courses/live/export.ris",
]
MAX_PUBLIC_QUERIES = 6


@pytest.fixture
def site(seeded, make_course, instructor, make_cited_references):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 2, 3), (4,)))
    make_cited_references(seeded, 5)

    def grow(count: int) -> None:
        make_cited_references(seeded, count)
        Reference.objects.filter(key__startswith="synthetic-").refresh_search_documents()
        unit = Unit.objects.create(course=course, position=9, title="More")
        references = Reference.objects.filter(key__startswith="synthetic-").exclude(reading_items__unit=unit)
        ReadingItem.objects.bulk_create(
            ReadingItem(unit=unit, reference=r, position=i) for i, r in enumerate(references)
        )

    return grow


def cold_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", PUBLIC)
def test_a_public_page_runs_the_same_few_queries_with_5_or_200_more_items(client, site, url):
    client.get(url)
    small = cold_queries(client, url)
    site(200)
    large = cold_queries(client, url)
    assert small == large
    assert large <= MAX_PUBLIC_QUERIES


def test_a_theme_page_shows_25_references_a_page_with_links_to_the_others(client, site):
    site(40)
    theme = Reference.objects.filter(key__startswith="synthetic-").first().themes.first()
    first = client.get(f"/themes/{theme.slug}/").content.decode()
    assert first.count('class="number"') == 25
    assert 'href="?page=2" rel="next"' in first
    last = client.get(f"/themes/{theme.slug}/?page=99").content.decode()
    assert re.search(r"Page (\d+) of \1", last)
    assert 'rel="prev"' in last and 'rel="next"' not in last
