"""export_references writes a formatted bibliography in any supported CSL style, as text or HTML."""

import io

import pytest
from django.core.management import CommandError, call_command

from literature.citations import STYLES


def export(**options) -> str:
    out = io.StringIO()
    call_command("export_references", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize("style", list(STYLES))
def test_text_has_one_paragraph_per_reference_in_every_style(seeded, style):
    text = export(article=seeded.slug, format="text", style=style)
    paragraphs = text.rstrip("\n").split("\n\n")
    assert len(paragraphs) == 51
    assert all(paragraph.strip() and "\n" not in paragraph for paragraph in paragraphs)


def test_numeric_styles_keep_the_article_order_and_author_date_styles_sort(seeded):
    vancouver = export(article=seeded.slug, format="text").split("\n\n")
    assert vancouver[0].startswith("1. Mao K. An Analysis of Emotions")
    assert vancouver[50].startswith("51. Zhang C. Social Work Intervention in Deviant Behaviors")
    gbt = export(article=seeded.slug, format="text", style="china-national-standard-gb-t-7714-2015-numeric")
    assert gbt.startswith("[1] MAO K. An Analysis of Emotions of Left-Behind Children in the Context of Social")
    assert "Social Media[D/OL]. Nanjing Forestry University, 2023." in gbt
    apa = export(article=seeded.slug, format="text", style="apa").split("\n\n")
    assert apa[0].startswith("Cai, J. (2015).")
    assert apa == sorted(apa, key=str.casefold)


def test_html_wraps_each_entry_and_escapes_the_data(seeded):
    html = export(article=seeded.slug, format="html", style="apa")
    assert html.startswith('<div class="csl-bib-body">\n')
    assert html.count('<div class="csl-entry">') == 51
    assert "&amp;uniplatform=NZKPT&amp;language=CHS" in html


def test_an_unknown_article_is_refused_by_name(db):
    with pytest.raises(CommandError, match="No article with slug 'nope'"):
        export(article="nope", format="ris")


def test_an_unknown_style_is_refused(seeded):
    with pytest.raises(CommandError, match="Unknown style 'mla'; choose from: nlm-citation-sequence, apa"):
        call_command("export_references", format="text", style="mla")
