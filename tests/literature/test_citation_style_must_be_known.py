import re

import pytest

from literature.citations import format_bibliography, formatted_references

ITEM = {"id": "x", "type": "book", "title": "A book", "author": [{"family": "Wang", "given": "L"}]}


def style_menu(page: str) -> list[tuple[str, str, str]]:
    """(value, " selected" or "", label) of each option of the library's citation-style menu."""
    menu = re.search(r'<select id="style-select" name="style">(.*?)</select>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', menu)


def test_readers_are_offered_the_known_styles_in_order_with_vancouver_first_and_chosen(client, seeded):
    assert style_menu(client.get("/references/").content.decode()) == [
        ("nlm-citation-sequence", " selected", "Vancouver (NLM)"),
        ("apa", "", "APA 7th edition"),
        ("china-national-standard-gb-t-7714-2015-numeric", "", "GB/T 7714-2015 (numeric)"),
        ("chicago-author-date", "", "Chicago author-date"),
        ("harvard-cite-them-right", "", "Harvard (Cite Them Right)"),
    ]


def test_an_unknown_style_in_the_address_falls_back_to_vancouver_and_says_so(client, seeded):
    page = client.get("/references/", {"style": "mla"}).content.decode()
    assert "There is no citation style “mla”; showing Vancouver (NLM) instead." in page
    assert style_menu(page)[0] == ("nlm-citation-sequence", " selected", "Vancouver (NLM)")
    assert "Mao K. An Analysis of Emotions of Left-Behind Children in the Context of Social Media" in page


def test_an_unknown_style_is_refused_with_the_known_ones_named():
    with pytest.raises(ValueError, match=r"Unknown citation style 'mla'.*apa"):
        format_bibliography([ITEM], "mla")


def test_a_style_id_that_looks_like_a_path_is_refused():
    with pytest.raises(ValueError, match="Unknown citation style"):
        format_bibliography([ITEM], "../styles/apa")


def test_an_unknown_output_is_refused():
    with pytest.raises(ValueError, match="Unknown output 'latex'"):
        format_bibliography([ITEM], "apa", output="latex")


def test_formatted_references_refuse_an_unknown_style_too(db):
    with pytest.raises(ValueError, match="Unknown citation style"):
        formatted_references([], "mla")


def test_no_items_make_an_empty_bibliography():
    assert format_bibliography([], "apa") == []
