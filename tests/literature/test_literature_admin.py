"""The literature admin: reachable, searchable, filterable, and a constant number of queries."""

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


def test_it_lists_the_references_with_their_numbers(staff_client, seeded):
    page = staff_client.get("/admin/literature/reference/").content.decode()
    assert "51 references" in page
    assert "Regional Blue Book" in page


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Soochow", "mobile phone addiction"),
        ("Ruan", "non-suicidal self-injury"),
        ("10.16187", "interpersonal sensitivity"),
        ("37", "Regional Blue Book"),
        ("UNICEF", "Policy Stocktaking"),
    ],
)
def test_it_finds_references_by_journal_author_doi_number_and_organisation(staff_client, seeded, term, expected):
    page = staff_client.get("/admin/literature/reference/", {"q": term}).content.decode()
    assert expected in page


def test_searching_by_a_year_finds_that_years_references(staff_client, seeded):
    page = staff_client.get("/admin/literature/reference/", {"q": "2011"}).content.decode()
    assert "2 references" in page or "2 results" in page


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
