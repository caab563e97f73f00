import pytest

from literature.citations import DEFAULT_STYLE, STYLES, format_bibliography, formatted_references

ITEM = {"id": "x", "type": "book", "title": "A book", "author": [{"family": "Wang", "given": "L"}]}


def test_the_styles_are_offered_in_order_with_vancouver_first():
    assert list(STYLES) == [
        "nlm-citation-sequence",
        "apa",
        "china-national-standard-gb-t-7714-2015-numeric",
        "chicago-author-date",
        "harvard-cite-them-right",
    ]
    assert DEFAULT_STYLE == "nlm-citation-sequence"


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
