"""Page and API cache entries are keyed by the parameters that change the page, so a visitor adding
?junk=N to every request adds nothing to the cache."""

import re

import pytest
from django.core.cache import cache

REQUESTS = 500


@pytest.fixture
def local_cache():
    """The local-memory cache of the test settings, emptied: its entries can be counted."""
    cache.clear()
    yield cache._cache
    cache.clear()


def test_junk_parameters_add_no_library_page_entries(seeded, client, local_cache):
    assert client.get("/references/?sort=year").status_code == 200
    before = len(local_cache)
    for n in range(REQUESTS):
        response = client.get(f"/references/?junk={n}&sort=year&utm_source=x{n}")
        assert response.status_code == 200
    assert len(local_cache) == before
    # The cached page links to its other pages without the junk of whichever request filled it.
    page_links = re.findall(r'href="(\?[^"]*page=[^"]*)"', response.content.decode())
    assert page_links == ["?sort=year&amp;page=2"]


def test_junk_parameters_add_no_api_entries(seeded, client, local_cache, settings):
    assert client.get("/api/v1/references/?type=thesis&page_size=10").status_code == 200
    before = len(local_cache)
    for n in range(REQUESTS):
        response = client.get(f"/api/v1/references/?page_size=10&junk={n}&type=thesis")
        assert response.status_code == 200
    assert len(local_cache) == before


def test_every_spelling_of_one_page_shares_one_entry(seeded, client, local_cache):
    client.get("/references/?type=thesis&sort=year")
    before = len(local_cache)
    for url in [
        "/references/?sort=year&type=thesis",
        "/references/?type=thesis&sort=year&q=",
        "/references/?type=book&type=thesis&sort=year",
    ]:
        client.get(url)
    assert len(local_cache) == before


def test_parameters_that_change_the_page_still_get_their_own_entries(seeded, client, local_cache):
    first = client.get("/references/?type=thesis").content.decode()
    second = client.get("/references/?type=report").content.decode()
    assert first != second
    page_two = client.get("/api/v1/references/?page_size=5&page=2").json()
    assert page_two["results"] != client.get("/api/v1/references/?page_size=5").json()["results"]
