import pytest

from literature.citations import STYLES, format_bibliography

HOSTILE = {
    "id": "hostile",
    "type": "article-journal",
    "title": "A study of <script>alert(1)</script> & <b onclick=alert(2)>friends</b>",
    "container-title": "J <i>Test</i>",
    "author": [{"family": "Lee<img src=x onerror=alert(3)>", "given": "A"}],
    "issued": {"date-parts": [[2020]]},
    "volume": "3",
    "page": "1-9",
}


@pytest.mark.parametrize("style", STYLES)
def test_reference_data_cannot_inject_markup_into_html(style):
    (entry,) = format_bibliography([HOSTILE], style, output="html")
    entry = entry.lower()  # GB/T upper-cases family names, Chicago title-cases titles
    assert "<script" not in entry and "&lt;script&gt;alert(1)&lt;/script&gt;" in entry
    assert "<img" not in entry and "lee&lt;img src=x onerror=alert(3)&gt;" in entry
    assert "<b onclick" not in entry and "&lt;b onclick=alert(2)&gt;friends&lt;/b&gt;" in entry
    assert " &amp; " in entry


def test_the_formatting_citeproc_js_reads_in_data_is_kept_as_formatting():
    item = {**HOSTILE, "title": "Growth of <i>Homo sapiens</i> in <b>cities</b>, H<sub>2</sub>O"}
    (entry,) = format_bibliography([item], "nlm-citation-sequence", output="html")
    assert "Growth of <i>Homo sapiens</i> in <b>cities</b>, H<sub>2</sub>O." in entry
    (text,) = format_bibliography([item], "nlm-citation-sequence")
    assert "Growth of Homo sapiens in cities, H2O." in text


def test_the_style_sets_the_journal_in_italics_and_an_italic_word_in_it_upright():
    (entry,) = format_bibliography([HOSTILE], "apa", output="html")
    assert '<i>J <span style="font-style:normal;">Test</span></i>' in entry


def test_private_use_characters_in_the_data_cannot_forge_a_tag():
    item = {**HOSTILE, "title": "Forged \ue001italic\ue002 and quote\ue00f."}
    (entry,) = format_bibliography([item], "nlm-citation-sequence", output="html")
    assert "Forged italic and quote." in entry
    assert "<i>italic" not in entry


def test_text_output_prints_the_data_as_it_is():
    (entry,) = format_bibliography([HOSTILE], "nlm-citation-sequence")
    assert entry == (
        "1. Lee<img src=x onerror=alert(3)> A. A study of <script>alert(1)</script> & <b onclick=alert(2)>friends</b>."
        " J Test. 2020;3:1–9."
    )
