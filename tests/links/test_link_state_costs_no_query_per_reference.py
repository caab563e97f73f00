"""Marking broken links costs no query per reference: the pages that show link state (article, library, theme,
reference, course) run the same few queries (at most 6, cold) with 5 or 200 more references whose links the
audit finds broken, and with COinS, find-it links and a resolver configured."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import AuditFinding, Citation, FindingKind, LinkKind, Reference, Severity

PAGES = [
    "/",
    "/references/",
    "/references/?page=2",
    "/references/?q=synthetic",
    "/themes/family-parenting/",
    "/references/MALFORMED/",
    "/courses/live/",
]
MAX_PUBLIC_QUERIES = 6


def break_links(references) -> None:
    AuditFinding.objects.bulk_create(
        AuditFinding(reference=r, kind=FindingKind.BROKEN_LINK, severity=Severity.ERROR, message="404", link=link)
        for r in references
        for link in (LinkKind.URL, LinkKind.DOI)
    )


@pytest.fixture
def site(seeded, make_course, instructor, make_cited_references, settings):
    settings.OPENURL_RESOLVER = "https://resolver.example.edu/openurl"
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1, 13, 21), (4,)))

    def grow(count: int) -> None:
        make_cited_references(seeded, count)
        synthetic = Reference.objects.filter(key__startswith="synthetic-")
        synthetic.update(url="https://example.org/a-rather-long/path/to/a/record?id=1&lang=en", doi="10.1234/x")
        synthetic.refresh_search_documents()
        break_links(synthetic.exclude(audit_findings__kind=FindingKind.BROKEN_LINK))
        unit, _ = Unit.objects.get_or_create(course=course, position=9, defaults={"title": "More"})
        ReadingItem.objects.bulk_create(
            ReadingItem(unit=unit, reference=r, position=i)
            for i, r in enumerate(synthetic.exclude(reading_items__unit=unit))
        )

    return grow


def cold_queries(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert b"(link may be broken)" in response.content, url
    return len(captured)


@pytest.mark.parametrize("url", PAGES)
def test_a_page_marking_broken_links_runs_the_same_few_queries_with_5_or_200_of_them(client, site, url):
    url = url.replace("MALFORMED", Citation.objects.get(number=13).reference.key)
    site(5)
    # Once per server and glossary version, a search reads the glossary (GlossaryTerm.objects.pairs): counted
    # apart, so both sizes below show what a reference change costs (and no query for the glossary).
    cold_queries(client, url)
    small = cold_queries(client, url)
    site(200)
    large = cold_queries(client, url)
    assert small == large
    assert large <= MAX_PUBLIC_QUERIES
