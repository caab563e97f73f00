"""The home page presents the article and its numbered reference list, in a constant number of queries."""

import re

import pytest
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
    assert "<dt>Family, parenting and grandparenting</dt>" in page
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
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    make_cited_references(seeded, 449)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count('<li id="ref-') == 500
    assert len(small) == len(large)
