"""With OPENURL_RESOLVER set (a library's SFX, Alma or 360 Link base address), every reading and reference offers
"Find it at your library": a link to the resolver whose query is the reference's context object. Unset (the
default), there is no such link. Title searches in the configured catalogues (CNKI, Wanfang, Google Scholar by
default) come with every reference."""

from urllib.parse import unquote

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from lbc_site.env import env_searches
from literature.models import Citation
from tests.links.helpers import page, query_of

RESOLVER = "https://resolver.example.edu/openurl?institution=EXA"


def test_no_resolver_link_unless_a_resolver_is_configured(client, seeded):
    reference = Citation.objects.get(number=27).reference
    parsed = page(client, f"/references/{reference.key}/")
    assert parsed.links_with_class("resolver-link") == []


def test_the_resolver_link_carries_the_references_context_object(client, seeded, settings):
    settings.OPENURL_RESOLVER = RESOLVER
    thesis = Citation.objects.get(number=1).reference  # a master's thesis with a DOI
    parsed = page(client, f"/references/{thesis.key}/")
    [link] = parsed.links_with_class("resolver-link")
    assert link["text"] == "Find it at your library"
    assert link["href"].startswith("https://resolver.example.edu/openurl?institution=EXA&ctx_ver=Z39.88-2004&")
    context = query_of(link["href"])
    assert context["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:dissertation"]
    assert context["rft.title"] == [thesis.title]
    assert context["rft.date"] == [str(thesis.year)]
    assert context["rft.inst"] == [thesis.publisher]
    assert context["rft.au"] == [f"{a.family}, {a.given}" for a in thesis.authors.all()]
    assert f"info:doi/{thesis.doi}" in context["rft_id"]
    # The same context object as the page's COinS span.
    assert context == {**parsed.coins[0], "institution": ["EXA"]}


def test_every_reading_of_a_course_offers_the_library_and_the_catalogues(client, seeded, settings):
    settings.OPENURL_RESOLVER = RESOLVER
    call_command("load_demo", verbosity=0)
    parsed = page(client, "/courses/urban-left-behind-children/")
    resolver_links = parsed.links_with_class("resolver-link")
    assert len(resolver_links) == len(parsed.coins) > 10
    journal = next(query_of(link["href"]) for link in resolver_links if "rft.jtitle" in query_of(link["href"]))
    assert journal["rft_val_fmt"] == ["info:ofi/fmt:kev:mtx:journal"]
    scholar = [link for link in parsed.links if link["href"].startswith("https://scholar.google.com/scholar?q=")]
    cnki = [link for link in parsed.links if link["href"].startswith("https://kns.cnki.net/kns8s/defaultresult/")]
    wanfang = [link for link in parsed.links if link["href"].startswith("https://s.wanfangdata.com.cn/paper?q=")]
    assert len(scholar) == len(cnki) == len(wanfang) == len(parsed.coins)
    assert (
        unquote(scholar[0]["href"].partition("q=")[2])
        == parsed.coins[0].get("rft.atitle", parsed.coins[0].get("rft.btitle", parsed.coins[0].get("rft.title")))[0]
    )


def test_the_catalogues_are_configurable(client, seeded, settings):
    settings.CATALOGUE_SEARCHES = [("Our catalogue", "https://catalogue.example.edu/search?title={query}")]
    reference = Citation.objects.get(number=27).reference
    parsed = page(client, f"/references/{reference.key}/")
    [link] = [link for link in parsed.links if link["text"] == "Our catalogue"]
    assert query_of(link["href"]) == {"title": [reference.title]}
    assert not [link for link in parsed.links if link["text"] == "Google Scholar"]


def test_catalogue_settings_are_read_from_the_environment_and_checked(monkeypatch):
    monkeypatch.setenv("CATALOGUE_SEARCHES", "A|https://a.example/?q={query}; B|https://b.example/s/{query}")
    assert env_searches("CATALOGUE_SEARCHES", []) == [
        ("A", "https://a.example/?q={query}"),
        ("B", "https://b.example/s/{query}"),
    ]
    monkeypatch.setenv("CATALOGUE_SEARCHES", "A|javascript:alert({query})")
    with pytest.raises(ImproperlyConfigured):
        env_searches("CATALOGUE_SEARCHES", [])
