"""The library, the API and the admin picker find a reference by a Chinese substring of its original title, and by a
Chinese glossary term that matches only its English title; the library page says which glossary term matched."""

import pytest

from literature.models import Author, GlossaryTerm, Reference

ORIGINAL = "城市流动人口子女心理健康研究"


@pytest.fixture
def references(seeded):
    with_original = Reference.objects.create(
        key="zhou2019original",
        type="article-journal",
        title="A Study of the Mental Health of the Children of the Urban Floating Population",
        original_title=ORIGINAL,
        year=2019,
        language="zh",
    )
    Author.objects.create(reference=with_original, position=1, family="Zhou", given="L", original="周丽")
    english_only = Reference.objects.create(
        key="fang2020migrant", type="article-journal", title="Schooling of Migrant Children in Shenzhen", year=2020
    )
    return with_original, english_only


def library(client, query: str) -> str:
    return client.get("/references/", {"q": query}).content.decode()


def api(client, query: str) -> list[str]:
    return [row["key"] for row in client.get("/api/v1/references/", {"q": query}).json()["results"]]


def pick(client, term: str) -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "courses", "model_name": "readingitem", "field_name": "reference"},
    )
    return [row["text"] for row in response.json()["results"]]


def test_a_chinese_substring_of_the_original_title_finds_it_everywhere(client, client_for, instructor, references):
    assert "Urban Floating Population" in library(client, "流动人口子女")
    assert api(client, "流动人口子女") == ["zhou2019original"]
    assert any("Urban Floating Population" in text for text in pick(client_for(instructor), "流动人口"))


def test_an_original_author_name_finds_it(client, references):
    assert api(client, "周丽") == ["zhou2019original"]


def test_a_chinese_glossary_term_finds_a_reference_with_only_its_english_title(
    client, client_for, instructor, references
):
    assert "Schooling of Migrant Children in Shenzhen" in library(client, "流动儿童")
    assert api(client, "流动儿童") == ["fang2020migrant"]
    assert any("Schooling of Migrant Children" in text for text in pick(client_for(instructor), "流动儿童"))


def test_an_english_glossary_term_finds_the_chinese_original(client, references):
    GlossaryTerm.objects.create(term_zh="流动人口", term_en="floating population")
    assert "zhou2019original" in api(client, "floating population")
    GlossaryTerm.objects.create(term_zh="流动人口", term_en="migrant population")
    assert api(client, "migrant population") == ["zhou2019original"]  # only its Chinese title says so


def test_the_library_says_which_glossary_term_matched(client, references):
    page = library(client, "流动儿童")
    assert "also searched in the other language" in page
    assert "<strong>流动儿童</strong> = migrant children" in page


def test_without_the_glossary_a_chinese_term_finds_no_english_title(client, references):
    GlossaryTerm.objects.filter(term_zh="流动儿童").delete()
    assert api(client, "流动儿童") == []


def test_the_library_sees_a_glossary_change_at_once(client, references):
    assert "Schooling of Migrant Children" in library(client, "流动儿童")
    GlossaryTerm.objects.filter(term_zh="流动儿童").delete()
    assert "Schooling of Migrant Children" not in library(client, "流动儿童")
    GlossaryTerm.objects.create(term_zh="流动儿童", term_en="migrant children")
    assert "Schooling of Migrant Children" in library(client, "流动儿童")
