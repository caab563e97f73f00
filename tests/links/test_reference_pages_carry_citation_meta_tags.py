"""Each reference page carries Highwire Press `citation_*` meta tags (what the Zotero Connector saves from a page
showing one work, and what Google Scholar indexes): title, every author in order, year, the journal or the
awarding institution, volume, issue, pages, DOI."""

from literature.models import Citation, Reference
from tests.links.helpers import page


def values(meta, name):
    return [content for tag, content in meta if tag == name]


def test_a_journal_articles_page_names_its_journal_volume_pages_and_doi(client, seeded):
    article = Reference.objects.filter(type="article-journal").exclude(doi="").exclude(pages__in=["", "4"]).first()
    meta = page(client, f"/references/{article.key}/").meta
    assert values(meta, "citation_title") == [article.title]
    assert values(meta, "citation_author") == [
        f"{a.family}, {a.given}" if a.given else a.family for a in article.authors.all()
    ]
    assert values(meta, "citation_publication_date") == [str(article.year)]
    assert values(meta, "citation_journal_title") == [article.container_title]
    assert values(meta, "citation_volume") == [article.volume]
    first, _, last = article.pages.replace("–", "-").partition("-")
    assert values(meta, "citation_firstpage") == [first]
    assert values(meta, "citation_lastpage") == ([last] if last else [])
    assert values(meta, "citation_doi") == [article.doi]
    assert not values(meta, "citation_dissertation_institution")


def test_a_thesis_page_names_its_institution_and_a_report_its_organisation(client, seeded):
    thesis = Citation.objects.get(number=1).reference
    meta = page(client, f"/references/{thesis.key}/").meta
    assert thesis.type == "thesis"
    assert values(meta, "citation_dissertation_institution") == [thesis.publisher]
    assert not values(meta, "citation_journal_title")
    report = (
        Reference.objects.filter(type="report").exclude(publisher="").first()
        or Reference.objects.filter(type="report").first()
    )
    meta = page(client, f"/references/{report.key}/").meta
    assert values(meta, "citation_author") == [a.display_name() for a in report.authors.all()]
    assert values(meta, "citation_title") == [report.title]


def test_every_reference_page_has_its_title_tag_and_list_pages_have_none(client, seeded):
    for reference in Reference.objects.all():
        assert values(page(client, f"/references/{reference.key}/").meta, "citation_title") == [reference.title]
    # A page listing many works has no single-item tags (the Connector offers the list from its COinS instead).
    assert page(client, "/references/").meta == []
