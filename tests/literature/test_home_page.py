"""The home page presents the article and its numbered reference list, in a constant number of queries."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_it_presents_the_article(client, seeded):
    page = client.get("/").content.decode()
    assert '<h1 id="article-title">Left-behind Children in Chinese Urban Areas</h1>' in page
    assert "Jiaqi Tian" in page
    assert '<a href="https://doi.org/10.15354/si.24.re1010">10.15354/si.24.re1010</a>' in page
    assert "Colossal attention has been paid to left-behind children in Chinese rural areas." in page
    assert '<span class="tag">Urban Areas</span>' in page
    assert "Tian, J. (2024). Left-behind Children in Chinese Urban Areas. Science Insights, 44(5), 1381–1388." in page


def test_it_lists_the_51_references_in_the_article_order_with_their_links(client, seeded):
    page = client.get("/").content.decode()
    numbers = [int(n) for n in re.findall(r'<li id="ref-(\d+)" value="\d+">', page)]
    assert numbers == list(range(1, 52))
    assert "Mao K. An Analysis of Emotions of Left-Behind Children in the Context of Social Media" in page
    assert 'href="https://doi.org/10.16070/j.cnki.cn45-1388/g4s.2020.31.007"' in page


def test_it_shows_the_theme_map(client, seeded):
    page = client.get("/").content.decode()
    assert '<dt><a href="/themes/family-parenting/">Family, parenting and grandparenting</a></dt>' in page
    assert '<a href="#ref-27">27</a>' in page


def test_the_article_has_its_own_page(client, seeded):
    response = client.get("/articles/tian-2024-left-behind-children/")
    assert "Left-behind Children in Chinese Urban Areas" in response.content.decode()
    assert client.get("/articles/no-such-article/").status_code == 404


def test_an_empty_site_says_how_to_load_the_article(client, db):
    assert "Run <code>python manage.py load_seed</code>" in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/", "/articles/tian-2024-left-behind-children/"])
def test_it_runs_the_same_number_of_queries_for_51_and_500_references(client, seeded, make_cited_references, url):
    client.get(url)  # the first request of a session fills caches (content types, site)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_cited_references(seeded, 449)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count('<li id="ref-') == 500
    assert len(small) == len(large)


def test_the_reference_list_is_shown_in_vancouver_by_default(client, seeded):
    page = client.get("/").content.decode()
    assert '<option value="nlm-citation-sequence" selected>Vancouver (NLM)</option>' in page
    assert "1. Mao K. An Analysis of Emotions of Left-Behind Children in the Context of Social Media [master’s" in page
    assert "<summary>As printed in the article</summary>Mao K. An Analysis of Emotions" in page


def test_a_chosen_style_is_used_and_remembered(client, seeded):
    response = client.get("/", {"style": "china-national-standard-gb-t-7714-2015-numeric"})
    assert "[1] MAO K. An Analysis of Emotions of Left-Behind Children in the Context of Social Media[D/OL]" in (
        response.content.decode()
    )
    assert response.cookies["citation_style"].value == "china-national-standard-gb-t-7714-2015-numeric"
    again = client.get("/").content.decode()
    assert '<option value="china-national-standard-gb-t-7714-2015-numeric" selected>' in again


def test_an_author_date_style_shows_the_articles_numbers_beside_the_entries(client, seeded):
    page = client.get("/", {"style": "apa"}).content.decode()
    assert '<span class="number">1.</span> Mao, K. (2023). <i>An Analysis of Emotions' in page


def test_an_unknown_style_falls_back_to_vancouver_with_a_message(client, seeded):
    response = client.get("/", {"style": "<script>x</script>"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is no citation style “&lt;script&gt;x&lt;/script&gt;”; showing Vancouver (NLM) instead." in page
    assert "citation_style" not in response.cookies


def test_charts_show_the_references_by_year_and_type_with_the_numbers_as_text(client, seeded):
    page = client.get("/").content.decode()
    assert '<title id="chart-year-title">References by year of publication</title>' in page
    assert '<title id="chart-type-title">References by type</title>' in page
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", page)
    by_type = {label: int(n) for label, n in rows if not label.isdigit()}
    by_year = {int(label): int(n) for label, n in rows if label.isdigit()}
    assert by_type == {
        "Thesis or dissertation": 27,
        "Journal article": 18,
        "Report or government document": 5,
        "Book": 1,
    }
    assert sum(by_year.values()) == 51 and by_year[2023] == 9 and by_year[2009] == 0
    assert min(by_year) == 2008 and max(by_year) == 2024
