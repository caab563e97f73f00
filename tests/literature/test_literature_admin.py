"""The literature admin: reachable, searchable, filterable, and a constant number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from literature.models import Theme


@pytest.fixture
def staff_client(client, admin_client_user):
    client.force_login(admin_client_user)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client, seeded):
    response = client.get("/admin/literature/reference/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def listed(page: str) -> list[tuple[str, str]]:
    """(number, title) of each row of the admin's reference list, in order."""
    rows = re.findall(r'<td class="field-number">(.*?)</td><th class="field-title"><a [^>]*>(.*?)</a>', page)
    return [(number, html.unescape(title)) for number, title in rows]


def result_count(page: str) -> str:
    """The admin's "N results" after a search, tags removed (no "(M total)": the list does not count the whole
    library a second time, see ReferenceAdmin.show_full_result_count)."""
    return re.search(r"(\d+ results?) \(", re.sub(r"<[^>]+>", "", page)).group(1)


def test_it_lists_the_references_with_their_numbers(staff_client, seeded):
    page = staff_client.get("/admin/literature/reference/").content.decode()
    assert "51 references" in page
    numbers = {title: number for number, title in listed(page)}
    assert sorted(numbers.values(), key=int) == [str(n) for n in range(1, 52)]
    assert numbers["An Analysis of Emotions of Left-Behind Children in the Context of Social Media"] == "1"
    assert numbers["Regional Blue Book: A Report on Regional Economic Development in China (2019-2020)"] == "37"


@pytest.fixture
def library(seeded, make_cited_references):
    """The article's references and 100 more: more than the admin's page of 100 and the picker's of 20."""
    make_cited_references(seeded, 100)
    return seeded


@pytest.mark.parametrize(
    ("term", "expected", "count"),
    [
        ("Soochow", "mobile phone addiction", 1),
        ("Ruan", "non-suicidal self-injury", 1),
        ("10.16187", "interpersonal sensitivity", 1),
        ("37", "Regional Blue Book", 1),  # the article number; words in a DOI or title match from their start
        ("UNICEF", "Policy Stocktaking", 1),
    ],
)
def test_it_finds_references_by_journal_author_doi_number_and_organisation(
    staff_client, library, term, expected, count
):
    page = staff_client.get("/admin/literature/reference/", {"q": term}).content.decode()
    titles = [title for _, title in listed(page)]
    assert result_count(page) == f"{count} result{'s' if count > 1 else ''}"
    assert expected in titles[0]
    assert not any("An Analysis of Emotions" in title for title in titles)  # matches none of the terms


def test_searching_by_a_year_finds_that_years_references(staff_client, library):
    page = staff_client.get("/admin/literature/reference/", {"q": "2011"}).content.decode()
    assert result_count(page) == "2 results"
    assert sorted(title[:30] for _, title in listed(page)) == [
        "Improving the Parent-Child Rel",
        "The Impacts of Varied Upbringi",
    ]


def test_it_filters_by_theme_and_by_review_flag(staff_client, seeded):
    flagged = staff_client.get("/admin/literature/reference/", {"needs_review__exact": "1"}).content.decode()
    assert "2 results" in flagged
    internet = Theme.objects.get(slug="internet-screens-media")
    themed = staff_client.get("/admin/literature/reference/", {"themes__id__exact": internet.pk}).content.decode()
    assert "Case Work on Adolescent Internet Addiction" in themed


def test_autocomplete_finds_a_reference_by_author(staff_client, seeded):
    response = staff_client.get(
        "/admin/autocomplete/",
        {"term": "Mao", "app_label": "literature", "model_name": "citation", "field_name": "reference"},
    )
    assert "An Analysis of Emotions" in response.json()["results"][0]["text"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/literature/reference/",
        "/admin/literature/citation/",
        "/admin/literature/theme/",
        "/admin/literature/article/",
        "article-change",
    ],
)
def test_admin_pages_run_the_same_number_of_queries_for_51_and_500_references(
    staff_client, seeded, make_cited_references, url
):
    if url == "article-change":
        url = f"/admin/literature/article/{seeded.pk}/change/"
    staff_client.get(url)  # the first request of a session fills caches (content types, site)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(url).status_code == 200
    make_cited_references(seeded, 449)
    with CaptureQueriesContext(connection) as large:
        assert staff_client.get(url).status_code == 200
    assert len(small) == len(large)
