"""Files written by Zotero, JabRef, EndNote and by hand import sensibly: LaTeX decoded, @string resolved,
biblatex types mapped, Chinese text kept, and anything not kept is named in a review note."""

import io

from django.core.management import call_command

from literature.models import Reference

ZOTERO_STYLE_BIBTEX = r"""
This text outside entries is a comment to BibTeX.

@string{cjhp = {Chinese Journal of Health Psychology}}

@article{du_aggressive_2012,
	title = {The relationship between aggressive behavior and loneliness in {Left}-{Behind} children},
	volume = {20},
	url = {https://doi.org/10.13342/j.cnki.cjhp.2012.12.042},
	doi = {10.13342/j.cnki.cjhp.2012.12.042},
	language = {zh},
	number = {12},
	journal = cjhp,
	author = {Du, Lin and Fan, Zhiyu and van der Berg, Jan and King, Jr., Martin},
	month = dec,
	year = {2012},
	pages = {1864--1866},
	keywords = {loneliness},
}

@PhdThesis{feng2022,
  Author = {冯, 丽},
  Title = {小学生留守儿童“心理韧性”的培养},
  School = {东北师范大学},
  Address = {长春},
  Year = 2022,
  Type = {博士学位论文},
}

@online{moe2021,
  author = {{Ministry of Education of the People's Republic of China}},
  title = {Notice on {\"O}ffentliche caf\'{e} \& more: 50\% of $\alpha$-schools},
  url = {http://www.moe.gov.cn/a_b?x=1&y=2%20},
  urldate = {2024-01-01},
  date = {2021-03-05},
}

@inproceedings{chen2019,
  author = "Chen, H.",
  title = "Case work on adolescent internet addiction",
  booktitle = "Proceedings of the Social Work Forum",
  year = "2019",
  pages = "12-20",
}
"""

# ER without its trailing space, as some programs write it.
ZOTERO_STYLE_RIS = """TY  - JOUR
TI  - Media literacy education for left-behind children in rural areas
AU  - Zheng, S.
T2  - Modern Communication
J2  - Modern Comm
DA  - 2013///
PY  - 2013
VL  - 2013
IS  - 4
SP  - 125
EP  - 130
LA  - zh
UR  - https://kns.cnki.net/kcms2/article/abstract?v=KPcM;x&uniplatform=NZKPT
KW  - media literacy
N1  - <p>My own reading note</p>
ER  -

TY  - THES
A1  - 王, 波
T1  - 社会工作介入留守儿童社会支持网络构建研究
Y1  - 2024/06/01
M3  - 硕士学位论文
PB  - 杭州师范大学
CY  - 杭州
ER  -

TY  - PAT
TI  - A patent is not a type this site has
AU  - Inventor, I
ER  -
"""


def import_file(tmp_path, text: str, fmt: str) -> str:
    path = tmp_path / f"references.{'bib' if fmt == 'bibtex' else 'ris'}"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_references", str(path), format=fmt, stdout=out)
    return out.getvalue()


def people(reference: Reference) -> list[tuple[str, str, str]]:
    return [(author.family, author.given, author.literal) for author in reference.authors.all()]


def test_a_zotero_style_bib_file_imports_with_latex_decoded_and_strings_resolved(db, tmp_path):
    summary = import_file(tmp_path, ZOTERO_STYLE_BIBTEX, "bibtex")
    assert "4 entries: 4 created, 0 updated, 0 unchanged; 2 flagged for review." in summary

    article = Reference.objects.get(key="du_aggressive_2012")
    assert article.type == "article-journal"
    assert article.title == "The relationship between aggressive behavior and loneliness in Left-Behind children"
    assert (article.container_title, article.volume, article.issue, article.pages, article.year) == (
        "Chinese Journal of Health Psychology",
        "20",
        "12",
        "1864-1866",
        2012,
    )
    assert people(article) == [
        ("Du", "Lin", ""),
        ("Fan", "Zhiyu", ""),
        ("van der Berg", "Jan", ""),
        ("King", "Martin, Jr.", ""),
    ]
    assert article.review_note_list() == ["fields not kept on import: keywords, month"]

    thesis = Reference.objects.get(key="feng2022")
    assert (thesis.type, thesis.title, thesis.genre, thesis.publisher, thesis.publisher_place) == (
        "thesis",
        "小学生留守儿童“心理韧性”的培养",
        "博士学位论文",
        "东北师范大学",
        "长春",
    )
    assert people(thesis) == [("冯", "丽", "")]
    assert not thesis.needs_review

    page = Reference.objects.get(key="moe2021")
    assert (page.type, page.year, page.url) == ("webpage", 2021, "http://www.moe.gov.cn/a_b?x=1&y=2%20")
    assert page.title == "Notice on Öffentliche café & more: 50% of α-schools"
    assert people(page) == [("", "", "Ministry of Education of the People's Republic of China")]
    assert page.review_note_list() == ["fields not kept on import: urldate"]

    paper = Reference.objects.get(key="chen2019")
    assert (paper.type, paper.container_title, paper.pages) == (
        "paper-conference",
        "Proceedings of the Social Work Forum",
        "12-20",
    )


def test_a_zotero_or_endnote_style_ris_file_imports_and_names_what_it_does_not_keep(db, tmp_path):
    summary = import_file(tmp_path, ZOTERO_STYLE_RIS, "ris")
    assert "3 entries: 3 created, 0 updated, 0 unchanged; 2 flagged for review." in summary
    assert "        ! fields not kept on import: J2, KW, N1" in summary

    article = Reference.objects.get(title__startswith="Media literacy")
    assert (article.type, article.container_title, article.year, article.pages) == (
        "article-journal",
        "Modern Communication",
        2013,
        "125-130",
    )
    assert article.url == "https://kns.cnki.net/kcms2/article/abstract?v=KPcM;x&uniplatform=NZKPT"
    assert people(article) == [("Zheng", "S.", "")]

    thesis = Reference.objects.get(type="thesis")
    assert (thesis.title, thesis.genre, thesis.publisher, thesis.publisher_place, thesis.year) == (
        "社会工作介入留守儿童社会支持网络构建研究",
        "硕士学位论文",
        "杭州师范大学",
        "杭州",
        2024,
    )
    assert people(thesis) == [("王", "波", "")]

    patent = Reference.objects.get(title__startswith="A patent")
    assert patent.type == "document"
    assert patent.review_note_list() == ["RIS type PAT (Patent) has no match here; kept as a document"]
