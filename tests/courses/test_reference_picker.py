"""The reading's reference picker finds references by author, title, year, DOI, article number or theme."""

import pytest


def pick(client, term):
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "courses", "model_name": "readingitem", "field_name": "reference"},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.mark.parametrize(
    ("term", "expected", "count"),
    [
        ("Ruan", "non-suicidal self-injury", 1),
        ("grandparenting", "grandparent-grandchild attachment", 2),
        ("10.19563/j.cnki.sdjk.2023.04.009", "mobile phone addiction", 1),
        ("48", "Improving the Parent-Child Relationship", 1),  # the article number; words are matched from their start
        ("State Council", "Opinions on Strengthening the Care", 2),
    ],
)
def test_it_finds_a_reference_by_author_title_doi_or_number(
    client_for, instructor, seeded, make_cited_references, term, expected, count
):
    make_cited_references(seeded, 100)  # 151 references: many pages of the picker's 20
    results = pick(client_for(instructor), term)
    assert len(results) == count
    assert any(expected in text for text in results)
    assert not any("An Analysis of Emotions" in text for text in results)  # matches none of the terms


def test_a_year_finds_that_years_references(client_for, instructor, seeded):
    results = pick(client_for(instructor), "2011")
    assert len(results) == 2 and all("(2011)" in text for text in results)


def test_theme_limits_the_search_to_one_theme(client_for, instructor, seeded):
    client = client_for(instructor)
    everything = pick(client, "Children")
    family_only = pick(client, "theme:family Children")
    assert 0 < len(family_only) < len(everything)
    assert any("Upbringing of Urban Left-Behind Children" in text for text in family_only)
    assert not any("Short Videos" in text for text in family_only)


def test_students_cannot_use_the_picker(client_for, student, seeded):
    response = client_for(student).get(
        "/admin/autocomplete/",
        {"term": "Mao", "app_label": "courses", "model_name": "readingitem", "field_name": "reference"},
    )
    assert response.status_code == 302


def test_the_reference_cited_under_a_number_comes_first(client_for, instructor, seeded):
    results = pick(client_for(instructor), "37")
    assert results[0].startswith("Zhao H et al. (2020). Regional Blue Book")
