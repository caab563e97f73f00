"""RIS export uses standard tags (as Zotero and EndNote read them), keeps text as UTF-8, and survives
export -> import into an empty database -> export, for an article's list and for the whole library."""

import io

from django.core.management import call_command

from literature.models import Author, Citation, Reference, Theme


def export(**options) -> str:
    out = io.StringIO()
    call_command("export_references", stdout=out, format="ris", **options)
    return out.getvalue()


def import_ris(tmp_path, text: str, **options) -> None:
    path = tmp_path / "references.ris"
    path.write_text(text, encoding="utf-8")
    call_command("import_references", str(path), format="ris", verbosity=0, **options)


def record(exported: str, article, number: int) -> str:
    """The exported record of the article's reference with this number, as it reads in the file."""
    key = Citation.objects.get(article=article, number=number).reference.key
    return next(block for block in exported.split("\n\n") if f"\nID  - {key}\n" in block) + "\n"


def empty_the_database() -> None:
    Citation.objects.all().delete()
    Theme.objects.all().delete()
    Reference.objects.all().delete()
    assert Author.objects.count() == 0


def test_a_thesis_is_thes_with_its_genre_in_m3_and_its_university_as_publisher(seeded):
    printed = Reference.objects.get(key="mao2023analysis").citation_text
    assert record(export(article=seeded.slug), seeded, 1) == (
        "TY  - THES\n"
        "ID  - mao2023analysis\n"
        "AU  - Mao, K\n"
        "TI  - An Analysis of Emotions of Left-Behind Children in the Context of Social Media\n"
        "PY  - 2023\n"
        "PB  - Nanjing Forestry University\n"
        "M3  - master's thesis\n"
        "DO  - 10.27242/d.cnki.gnjlu.2023.000202\n"
        "UR  - https://link.cnki.net/doi/10.27242/d.cnki.gnjlu.2023.000202\n"
        "LA  - zh\n"
        f"N1  - Printed as: {printed}\n"
        "LB  - 1\n"
        "ER  - \n"
    )


def test_an_organisation_author_is_written_without_a_comma_and_read_back_as_an_organisation(seeded, tmp_path):
    report = record(export(article=seeded.slug), seeded, 2)
    assert report.startswith("TY  - RPRT\n")
    assert "\nAU  - National Bureau of Statistics of China\n" in report
    empty_the_database()
    import_ris(tmp_path, report)
    author = Reference.objects.get().authors.get()
    assert (author.literal, author.family, author.given) == ("National Bureau of Statistics of China", "", "")


def test_a_person_with_only_a_family_name_keeps_the_comma_that_marks_a_person(seeded, tmp_path):
    article = record(export(article=seeded.slug), seeded, 33)
    assert "\nAU  - Zhong, Y\nAU  - Yang,\n" in article
    empty_the_database()
    import_ris(tmp_path, article)
    authors = [(a.family, a.given, a.literal) for a in Reference.objects.get().authors.all()]
    assert authors == [("Zhong", "Y", ""), ("Yang", "", "")]


def test_the_book_keeps_its_place_and_publisher(seeded, tmp_path):
    book = record(export(article=seeded.slug), seeded, 37)
    assert book.startswith("TY  - BOOK\n")
    assert "\nAU  - Zhao, H\nAU  - You, A\nAU  - Yang, W\nAU  - Wang, D\n" in book
    assert "\nPB  - Social Sciences Academic Press (China)\nCY  - Beijing\n" in book
    empty_the_database()
    import_ris(tmp_path, book)
    reference = Reference.objects.get()
    assert (reference.type, reference.publisher_place, reference.publisher) == (
        "book",
        "Beijing",
        "Social Sciences Academic Press (China)",
    )


def test_a_journal_article_keeps_journal_volume_issue_and_pages(seeded, tmp_path):
    article = record(export(article=seeded.slug), seeded, 25)
    assert article.startswith("TY  - JOUR\n")
    assert "\nT2  - J Soochow Univ (Educ Sci Ed)\nPY  - 2023\nVL  - 2023\nIS  - 4\nSP  - 88\nEP  - 98\n" in article
    empty_the_database()
    import_ris(tmp_path, article)
    reference = Reference.objects.get()
    assert (reference.container_title, reference.volume, reference.issue, reference.pages) == (
        "J Soochow Univ (Educ Sci Ed)",
        "2023",
        "4",
        "88-98",
    )


def test_chinese_text_curly_quotes_and_a_url_with_a_semicolon_come_back_exactly(seeded, tmp_path):
    title = "社交媒体背景下留守儿童的情绪：“城市”的视角 & 50% {新} $5 #1 a_b ~ ^ \\ -- ``x''"
    url = "https://kns.cnki.net/kcms2/article/abstract?v=a;b&uniplatform=NZKPT"  # rispy splits UR at ; by default
    Reference.objects.filter(key="mao2023analysis").update(title=title, url=url)
    thesis = record(export(article=seeded.slug), seeded, 1)
    assert f"\nTI  - {title}\n" in thesis
    assert f"\nUR  - {url}\n" in thesis
    empty_the_database()
    import_ris(tmp_path, thesis)
    assert Reference.objects.values_list("title", "url").get() == (title, url)


def test_an_organisation_whose_name_has_a_comma_reads_back_as_a_person_but_exports_the_same(seeded, tmp_path):
    """RIS has no way to mark an organisation: like Zotero, we read a name with a comma as "Family, Given"."""
    reference = Reference.objects.get(key="national2020what")
    reference.authors.update(literal="University of California, Berkeley")
    first = record(export(article=seeded.slug), seeded, 2)
    assert "\nAU  - University of California, Berkeley\n" in first
    empty_the_database()
    import_ris(tmp_path, first)
    author = Reference.objects.get().authors.get()
    assert (author.family, author.given) == ("University of California", "Berkeley")
    assert export() == first.replace("LB  - 2\n", "")


def test_the_article_list_round_trips_through_an_empty_database(seeded, tmp_path):
    first = export(article=seeded.slug)
    assert first.count("TY  - ") == 51
    notes = dict(Reference.objects.values_list("key", "review_notes"))
    empty_the_database()
    import_ris(tmp_path, first, article=seeded.slug)
    assert export(article=seeded.slug) == first
    assert Citation.objects.filter(article=seeded).count() == 51
    assert dict(Reference.objects.values_list("key", "review_notes")) == notes


def test_the_whole_library_round_trips_without_an_article(seeded, tmp_path):
    first = export()
    empty_the_database()
    import_ris(tmp_path, first)
    assert export() == first


def test_reimporting_an_export_changes_nothing(seeded, tmp_path):
    out = io.StringIO()
    path = tmp_path / "references.ris"
    path.write_text(export(article=seeded.slug), encoding="utf-8")
    call_command("import_references", str(path), format="ris", article=seeded.slug, stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("51 entries: 0 created, 0 updated, 51 unchanged;")
