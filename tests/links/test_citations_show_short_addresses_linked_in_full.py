"""In HTML a citation's address is shown short (the host and the start of the path, or "DOI 10.…") and links to the
whole address; text exports (the formatted bibliography, RIS, BibTeX) keep the whole addresses. Print shows each
address once (no address appended after every link)."""

from pathlib import Path

from django.core.management import call_command
from django.utils.html import escape

from literature.citations import STYLES
from literature.links import short_address
from literature.models import Citation, Reference
from tests.links.helpers import page

LONGEST = "https://kns.cnki.net/kcms2/article/abstract?v="  # the CNKI record links, 180-230 characters


def cited_links(parsed):
    return parsed.links_with_class("cited-link")


def test_short_addresses():
    assert short_address("https://www.stats.gov.cn/sj/zxfb/202401/t20240116_1946622.html") == (
        "stats.gov.cn/sj/zxfb/202401/t20240116_19…"
    )
    assert short_address(f"{LONGEST}abc=&uniplatform=NZKPT&language=CHS") == "kns.cnki.net/kcms2/article/abstract…"
    assert short_address("https://example.org/") == "example.org"
    assert short_address("https://example.org/a/b") == "example.org/a/b"


def test_every_long_address_in_the_article_list_is_shown_short_and_linked_in_full(client, seeded):
    for style in STYLES:
        parsed = page(client, f"/?style={style}")
        links = cited_links(parsed)
        by_href = {link["href"]: link["text"] for link in links}
        for reference in Reference.objects.filter(citations__isnull=False).exclude(url=""):
            if reference.url in by_href:
                assert by_href[reference.url] == short_address(reference.url), (style, reference.key)
                assert len(by_href[reference.url]) <= 60
        cnki = [link for link in links if link["href"].startswith(LONGEST)]
        dois = [link for link in links if link["href"].startswith("https://doi.org/")]
        if style == "nlm-citation-sequence":  # Vancouver prints every address
            assert len(cnki) == Reference.objects.filter(url__startswith=LONGEST).count() == 15
        assert all(link["text"] == "kns.cnki.net/kcms2/article/abstract…" for link in cnki)
        assert dois and all(link["text"].startswith(("DOI 10.", "10.")) for link in dois), style
        html = client.get(f"/?style={style}").content.decode()
        # No address is shown in full, only inside href attributes, the data-printed ones that "copy citation"
        # copies (static/js/copy-citation.js), and the printed citation, folded away.
        for printed in Reference.objects.exclude(citation_text="").values_list("citation_text", flat=True):
            html = html.replace(escape(printed), "")
        assert html.count(LONGEST) == html.count(f'href="{LONGEST}') + html.count(f'data-printed="{LONGEST}') > 0


def test_text_exports_keep_the_whole_addresses(client, seeded):
    cnki = Reference.objects.filter(url__startswith=LONGEST).order_by("first_number").first()
    for export in ("txt", "ris", "bib"):
        body = client.get(f"/articles/{Citation.objects.first().article.slug}/export.{export}").content.decode()
        assert cnki.url in body, export
        assert "…" not in body.replace(cnki.citation_text, ""), export


def test_the_course_page_links_each_reading_in_full_and_the_print_style_adds_no_addresses(client, seeded):
    call_command("load_demo", verbosity=0)
    parsed = page(client, "/courses/urban-left-behind-children/")
    assert all(len(link["text"]) <= 60 for link in cited_links(parsed))
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    assert "attr(href)" not in css
