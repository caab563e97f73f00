"""The library and theme lists show the article's reference number once ("[27] Liu H…"), not the number the
citation style gives the entry's place on the page besides ("[27] 1. Liu H…")."""

import re

import pytest

GBT = "china-national-standard-gb-t-7714-2015-numeric"


@pytest.mark.parametrize("style", ["nlm-citation-sequence", GBT])
@pytest.mark.parametrize("url", ["/references/?page=2", "/themes/family-parenting/"])
def test_one_number_per_entry(client, seeded, url, style):
    page = client.get(f"{url}{'&' if '?' in url else '?'}style={style}").content.decode()
    entries = re.findall(r'<span class="number">\[(\d+)\]</span> ([^<]{0,12})', page)
    assert entries, page
    for _number, start in entries:
        assert not re.match(r"\[?\d+[.\]]", start), start
