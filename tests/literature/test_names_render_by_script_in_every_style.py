"""Names in Chinese characters keep their native order in every style; romanised names follow the style's rules
whatever the item's language; organisations stay literal; mixed-script and family-only names print sensibly."""

import pytest

from literature.citations.formatting import join_entry, render_entries

NAMES = [
    {
        "id": "cjk-and-romanised",
        "type": "book",
        "title": "Family and city",
        "publisher": "Press",
        "language": "zh",
        "author": [{"family": "蔡", "given": "佳"}, {"family": "Cai", "given": "Jia"}],
        "issued": {"date-parts": [[2015]]},
    },
    {
        "id": "mixed-script",
        "type": "book",
        "title": "Mixed names",
        "publisher": "Press",
        "language": "zh",
        "author": [{"family": "毛", "given": "Kai"}, {"family": "Wang", "given": "小明"}],
        "issued": {"date-parts": [[2016]]},
    },
    {
        "id": "family-only",
        "type": "report",
        "title": "Family name only",
        "publisher": "Press",
        "language": "zh",
        "author": [{"family": "Cai"}],
        "issued": {"date-parts": [[2017]]},
    },
    {
        "id": "chinese-organisation",
        "type": "report",
        "title": "Chinese organisation",
        "language": "zh",
        "author": [{"literal": "中华人民共和国教育部"}],
        "issued": {"date-parts": [[2018]]},
    },
    {
        "id": "romanised-in-english-item",
        "type": "article-journal",
        "title": "English with romanised name",
        "container-title": "J Test",
        "language": "en",
        "author": [{"family": "Liu", "given": "Y"}],
        "issued": {"date-parts": [[2019]]},
    },
]

EXPECTED = {
    "nlm-citation-sequence": [
        "1. 蔡佳, Cai J. Family and city. Press; 2015.",
        "1. 毛 Kai, Wang 小明. Mixed names. Press; 2016.",
        "1. Cai. Family name only. Press; 2017.",
        "1. 中华人民共和国教育部. Chinese organisation. 2018.",
        "1. Liu Y. English with romanised name. J Test. 2019.",
    ],
    "apa": [
        "蔡佳, & Cai, J. (2015). Family and city. Press.",
        "毛 Kai, & Wang 小明. (2016). Mixed names. Press.",
        "Cai. (2017). Family name only. Press.",
        "中华人民共和国教育部. (2018). Chinese organisation.",
        "Liu, Y. (2019). English with romanised name. J Test.",
    ],
    "china-national-standard-gb-t-7714-2015-numeric": [
        "[1] 蔡佳, CAI J. Family and city[M]. Press, 2015.",
        "[1] 毛 KAI, WANG 小明. Mixed names[M]. Press, 2016.",
        "[1] CAI. Family name only[R]. Press, 2017.",
        "[1] 中华人民共和国教育部. Chinese organisation[R]. 2018.",
        "[1] LIU Y. English with romanised name[J]. J Test, 2019.",
    ],
    "chicago-author-date": [
        "蔡佳, and Jia Cai. 2015. Family and city. Press.",
        "毛 Kai, and Wang 小明. 2016. Mixed names. Press.",
        "Cai. 2017. Family name only. Press.",
        "中华人民共和国教育部. 2018. Chinese organisation.",
        "Liu, Y. 2019. “English with Romanised Name.” J Test.",
    ],
    "harvard-cite-them-right": [
        "蔡佳 and Cai, J. (2015) Family and city. Press.",
        "毛 Kai and Wang 小明 (2016) Mixed names. Press.",
        "Cai (2017) Family name only. Press.",
        "中华人民共和国教育部 (2018) Chinese organisation.",
        "Liu, Y. (2019) “English with romanised name,” J Test [Preprint].",
    ],
}


@pytest.mark.parametrize("style", EXPECTED)
def test_each_kind_of_name_prints_as_decided(style):
    entries = render_entries(style, NAMES, [1] * len(NAMES))
    assert [join_entry(style, entry, "text") for entry in entries] == EXPECTED[style]
