"""A reference's original-language title, journal and author names survive CSL-JSON, RIS and BibTeX, and GB/T
7714 cites the work in its own language first, then in English; the other styles cite the English only."""

import dataclasses

import pytest

from literature.citations import STYLES, format_bibliography
from literature.formats import bibtex, csljson, ris
from literature.formats.record import Name, ReferenceRecord

GBT = "china-national-standard-gb-t-7714-2015-numeric"


def record(**changes) -> ReferenceRecord:
    values = {
        "type": "article-journal",
        "title": "Mental Health of Left-Behind Children in China",
        "original_title": "城市留守儿童心理健康研究",
        "container_title": "Chin Youth Stud",
        "original_container_title": "中国青年研究",
        "authors": [
            Name("Cai", "J", original="蔡佳"),
            Name("Wang", "M"),
            Name(literal="Ministry of Education", original="中华人民共和国教育部"),
            Name("Ouyang", "X", original="欧阳 修"),
        ],
        "year": 2015,
        "volume": "3",
        "pages": "1-9",
        "language": "zh",
        "key": "cai2015",
    }
    return ReferenceRecord(**{**values, **changes})


def through(format_name: str, records: list[ReferenceRecord]) -> list[ReferenceRecord]:
    if format_name == "csljson":
        return csljson.parse(csljson.dumps([csljson.record_to_csl(r) for r in records]))
    module = {"ris": ris, "bibtex": bibtex}[format_name]
    return module.parse(module.dumps(records))


@pytest.mark.parametrize("format_name", ["csljson", "ris", "bibtex"])
def test_original_title_journal_and_names_round_trip(format_name):
    records = [record(), record(key="plain", original_title="", original_container_title="", authors=[Name("Li", "X")])]
    back = through(format_name, records)
    assert [dataclasses.asdict(r) for r in back] == [dataclasses.asdict(r) for r in records]


def test_csl_json_uses_the_csl_variables_readers_know():
    item = csljson.record_to_csl(record())
    assert item["original-title"] == "城市留守儿童心理健康研究"
    assert item["original-container-title"] == "中国青年研究"
    assert item["original-author"] == [
        {"family": "蔡佳"},
        {"family": "Wang", "given": "M"},
        {"literal": "中华人民共和国教育部"},
        {"family": "欧阳", "given": "修"},
    ]


def test_ris_and_bibtex_use_their_original_title_fields():
    assert "OP  - 城市留守儿童心理健康研究" in ris.dumps([record()])
    assert "origtitle = {城市留守儿童心理健康研究}" in bibtex.dumps([record()])


def test_gb_t_7714_cites_the_work_in_chinese_then_in_english():
    (entry,) = format_bibliography([csljson.record_to_csl(record())], GBT)
    assert entry == (
        "[1] 蔡佳, WANG M, 中华人民共和国教育部, 等. 城市留守儿童心理健康研究[J]. 中国青年研究, 2015, 3: 1-9. "
        "CAI J, WANG M, MINISTRY OF EDUCATION, 等. Mental Health of Left-Behind Children in China[J]. "
        "Chin Youth Stud, 2015, 3: 1-9."
    )


@pytest.mark.parametrize("style", sorted(set(STYLES) - {GBT}))
def test_other_styles_cite_the_english_only(style):
    (with_original,) = format_bibliography([csljson.record_to_csl(record())], style)
    (without,) = format_bibliography(
        [csljson.record_to_csl(record(original_title="", original_container_title=""))], style
    )
    assert with_original == without
    assert "城市" not in with_original


def test_a_translation_without_an_original_and_an_original_without_a_translation_cite_sensibly():
    (english_only,) = format_bibliography([csljson.record_to_csl(record(original_title=""))], GBT)
    assert english_only.startswith("[1] CAI J, WANG M") and "城市" not in english_only
    item = {"id": "x", "type": "book", "original-title": "留守儿童", "publisher": "Press", "language": "zh"}
    (imported,) = csljson.parse(csljson.dumps([item]))
    assert imported.title == imported.original_title == "留守儿童"
    assert imported.warnings == ["no English title: the original title stands in for it until one is added"]
    (entry,) = format_bibliography([csljson.record_to_csl(imported)], GBT)
    assert entry == "[1] 留守儿童[M]. Press."


def test_an_original_author_list_of_another_length_is_noted_not_kept():
    item = {
        "id": "x",
        "type": "book",
        "title": "T",
        "author": [{"family": "Cai", "given": "J"}],
        "original-author": [{"family": "蔡佳"}, {"family": "王明"}],
    }
    (imported,) = csljson.parse(csljson.dumps([item]))
    assert imported.authors == [Name("Cai", "J")]
    assert imported.warnings == ["original-author not kept: 2 name(s) for 1 author(s)"]
