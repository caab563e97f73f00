"""The library's search runs on the database's full-text index (SQLite FTS5, PostgreSQL text search): words of
titles, surnames, DOI fragments and Chinese words, in English or Chinese, best matches first, on both databases."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from literature.models import Author, Reference


def keys(page: str) -> list[str]:
    return re.findall(r'href="/references/([\w-]+)/">Details', page)


def found(client, query: str) -> list[str]:
    response = client.get("/references/", {"q": query})
    assert response.status_code == 200
    return keys(response.content.decode())


@pytest.fixture
def chinese(seeded):
    reference = Reference.objects.create(key="lu2020", title="城市留守儿童的心理困境", year=2020)
    Author.objects.create(reference=reference, position=1, family="卢", given="明")
    return reference


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Stocktaking", ["china2020china"]),  # a word of a title
        ("stocktaking", ["china2020china"]),  # in any case
        ("stocktak", ["china2020china"]),  # the start of a word
        ("Dou", ["dou2022home"]),  # a surname
        ("Ruan", ["ruan2022relationship"]),
        ("10.16187", ["xu2024interaction"]),  # the start of a DOI
        ("cnki.issn1001-4918.2025", ["xu2024interaction"]),  # a piece from the middle of a DOI
        ("留守", ["lu2020"]),  # two Chinese characters
        ("心理困境", ["lu2020"]),  # four, in a row
        ("卢", ["lu2020"]),  # a one-character surname
    ],
)
def test_it_finds_references_by_title_word_surname_doi_and_chinese_word(client, chinese, query, expected):
    assert sorted(found(client, query)) == expected


def test_chinese_characters_out_of_order_do_not_match(client, chinese):
    assert found(client, "困境心理") == []


def test_every_word_must_match(client, seeded):
    assert found(client, "stocktaking Ruan") == []


def test_references_whose_title_matches_come_first(client, seeded):
    whose_title = Reference.objects.create(key="z-title", title="Hukou reform among migrant children", year=1990)
    Reference.objects.create(key="a-journal", title="Another study", container_title="Hukou Review", year=1990)
    assert found(client, "hukou") == [whose_title.key, "a-journal"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'children AND "left',
        "NEAR(children left)",
        "child*",
        "-",
        "- children",
        "children OR NOT",
        "'; DROP TABLE literature_reference; --",
        "!!! ??? ...",
        "{title}: children",
        "title:children",
        "^children",
        "()",
    ],
)
def test_search_syntax_of_either_database_is_only_text(client, seeded, query):
    response = client.get("/references/", {"q": query})
    assert response.status_code == 200
    assert "reference" in response.content.decode()


@pytest.mark.parametrize("query", ["a\x00b", "x" * 60_000, "children " * 10_000])
def test_a_nul_byte_or_a_huge_search_is_refused_with_a_message_before_the_search(client, seeded, query):
    # lbc_site/middleware.py answers before any view: no search (and no database error) is attempted.
    response = client.get("/references/", {"q": query})
    assert response.status_code == 400
    assert "Query parameter 'q'" in response.content.decode()  # the message names what was refused


def test_only_punctuation_finds_nothing_rather_than_everything(client, seeded):
    assert found(client, "!!! ... ---") == []


def test_a_search_is_one_query_for_the_page_and_one_capped_count(client, seeded):
    with CaptureQueriesContext(connection) as captured:
        client.get("/references/", {"q": "children"})
    searches = [q["sql"] for q in captured if "literature_reference_fts" in q["sql"] or "to_tsquery" in q["sql"]]
    assert len(searches) == 2  # the count and the page, each with the index in a subquery
    count = next(sql for sql in searches if "COUNT(" in sql)
    assert "LIMIT" in count  # capped: a broad search never counts the whole library


def test_the_api_and_the_admin_pickers_use_the_same_search(client, chinese, admin_client_user):
    api = client.get("/api/v1/references/", {"q": "心理困境"}).json()
    assert [item["key"] for item in api["results"]] == ["lu2020"]
    client.force_login(admin_client_user)
    picker = client.get(
        "/admin/autocomplete/",
        {"term": "心理困境", "app_label": "courses", "model_name": "readingitem", "field_name": "reference"},
    ).json()
    assert [item["id"] for item in picker["results"]] == [str(chinese.pk)]
    changelist = client.get("/admin/literature/reference/", {"q": "10.16187"}).content.decode()
    assert "1 result" in changelist
