"""Every endpoint runs the same number of SQL queries with small and large data."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import ReadingItem, Unit
from literature.models import Author, Reference, Theme


def grow(course, count):
    references = Reference.objects.bulk_create(
        Reference(key=f"grow-{i}", type="article-journal", title=f"Grown {i}", year=2020, pages="1-3")
        for i in range(count)
    )
    Author.objects.bulk_create(Author(reference=r, position=1, family="Grow", given="G") for r in references)
    theme = Theme.objects.first()
    Reference.themes.through.objects.bulk_create(Reference.themes.through(reference=r, theme=theme) for r in references)
    unit = Unit.objects.create(course=course, position=9, title="Big")
    ReadingItem.objects.bulk_create(ReadingItem(unit=unit, reference=r, position=i) for i, r in enumerate(references))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/references/",
        "/api/v1/references/?format=ris&page_size=100",
        "/api/v1/references/mao2023analysis/",
        "/api/v1/courses/",
        "/api/v1/courses/ada-live/",
        "/api/v1/courses/ada-live/?format=bibtex",
        "/api/v1/units/",
        "/api/v1/items/",
        "/api/v1/themes/",
        "/api/v1/articles/",
    ],
)
def test_the_same_number_of_queries_for_5_or_500_readings(api, courses, url):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    api.get(url)
    cache.clear()  # cold: nothing of this content version is cached yet (api/caching.py)
    small_cold, small_warm = queries(), queries()
    grow(courses["published"], 495)
    cache.clear()
    large_cold, large_warm = queries(), queries()
    assert small_cold == large_cold
    assert small_warm == large_warm == 1  # the content version; the data comes from the cache
