"""Every citation on the course, library, theme, article and reference pages carries a COinS span (an OpenURL
Z39.88-2004 context object in KEV form) that parses back (urllib.parse.parse_qs) into the reference's own fields,
in the standard metadata format of its type, so the Zotero Connector can save a reading or a whole list."""

import pytest
from django.core.management import call_command

from literature.models import Citation, Reference
from tests.links.helpers import page

# Written out here, not imported: the test must fail if the code maps a type to the wrong format.
FORMAT = {
    "article-journal": ("journal", "article", "rft.atitle", "rft.jtitle"),
    "article-magazine": ("journal", "article", "rft.atitle", "rft.jtitle"),
    "thesis": ("dissertation", None, "rft.title", None),
    "report": ("book", "report", "rft.btitle", None),
    "book": ("book", "book", "rft.btitle", None),
    "chapter": ("book", "bookitem", "rft.atitle", "rft.btitle"),
    "paper-conference": ("book", "proceeding", "rft.atitle", "rft.btitle"),
    "webpage": ("book", "document", "rft.btitle", None),
    "document": ("book", "document", "rft.btitle", None),
}


def one(context: dict, key: str) -> str:
    values = context.get(key, [])
    assert len(values) == 1, (key, values)
    return values[0]


def assert_describes(context: dict, reference: Reference) -> None:
    fmt, genre, title_key, container_key = FORMAT[reference.type]
    assert one(context, "ctx_ver") == "Z39.88-2004"
    assert one(context, "rft_val_fmt") == f"info:ofi/fmt:kev:mtx:{fmt}"
    if genre:
        assert one(context, "rft.genre") == genre
    assert one(context, title_key) == reference.title
    if container_key and reference.container_title:
        assert one(context, container_key) == reference.container_title
    authors = list(reference.authors.all())
    people = [a for a in authors if not a.literal]
    assert context.get("rft.au", []) == [f"{a.family}, {a.given}" if a.given else a.family for a in people]
    assert context.get("rft.aucorp", []) == [a.literal for a in authors if a.literal]
    if authors and not authors[0].literal:
        assert one(context, "rft.aulast") == authors[0].family
    if reference.year:
        assert one(context, "rft.date") == str(reference.year)
    if reference.doi:
        assert f"info:doi/{reference.doi}" in context["rft_id"]
    if reference.url:
        assert reference.url in context["rft_id"]
    if reference.pages:
        assert one(context, "rft.pages") == reference.pages
        assert one(context, "rft.spage") == reference.pages.replace("–", "-").split("-")[0]
    if reference.volume and fmt == "journal":
        assert one(context, "rft.volume") == reference.volume
        assert one(context, "rft.issue") == reference.issue
    if reference.type == "thesis":
        assert one(context, "rft.inst") == reference.publisher
        assert context.get("rft.degree", [""]) == [reference.genre]


def test_every_reference_page_carries_its_context_object_for_every_type_we_store(client, seeded, one_of_each_type):
    references = list(Reference.objects.prefetch_related("authors"))
    assert {r.type for r in references} >= {"thesis", "article-journal", "report", "book", "chapter"}
    for reference in references:
        spans = page(client, f"/references/{reference.key}/").coins
        assert len(spans) == 1, reference.key
        assert_describes(spans[0], reference)


@pytest.mark.parametrize("url", ["/", "/references/", "/references/?page=2", "/themes/family-parenting/"])
def test_every_citation_in_a_list_carries_its_context_object(client, seeded, url):
    parsed = page(client, url)
    by_title = {r.title: r for r in Reference.objects.prefetch_related("authors")}
    details = [link for link in parsed.links if link["text"] == "Details"]
    assert len(parsed.coins) == len(details) > 0
    for context in parsed.coins:
        title = (context.get("rft.atitle") or context.get("rft.btitle") or context.get("rft.title"))[0]
        assert_describes(context, by_title[title])
    if url == "/":
        assert len(parsed.coins) == Citation.objects.count() == 51


def test_the_course_page_offers_every_reading_to_zotero(client, seeded):
    call_command("load_demo", verbosity=0)
    from courses.models import ReadingItem

    items = list(
        ReadingItem.objects.filter(unit__course__slug="urban-left-behind-children")
        .select_related("reference")
        .prefetch_related("reference__authors")
    )
    parsed = page(client, "/courses/urban-left-behind-children/")
    assert len(parsed.coins) == len(items) > 10
    for context, item in zip(parsed.coins, sorted(items, key=lambda i: (i.unit.position, i.position)), strict=True):
        assert_describes(context, item.reference)
