"""BibTeX export uses standard entry types and fields, keeps text as UTF-8, and survives
export -> import into an empty database -> export, for an article's list and for the whole library."""

import io

from django.core.management import call_command

from literature.models import Author, Citation, Reference, Theme


def export(**options) -> str:
    out = io.StringIO()
    call_command("export_references", stdout=out, format="bibtex", **options)
    return out.getvalue()


def import_bibtex(tmp_path, text: str, **options) -> None:
    path = tmp_path / "references.bib"
    path.write_text(text, encoding="utf-8")
    call_command("import_references", str(path), format="bibtex", verbosity=0, **options)


def entry(exported: str, article, number: int) -> str:
    """The exported entry of the article's reference with this number, as it reads in the file."""
    key = Citation.objects.get(article=article, number=number).reference.key
    return next(block for block in exported.split("\n\n") if block.split("\n")[0].endswith("{" + key + ","))


def empty_the_database() -> None:
    Citation.objects.all().delete()
    Theme.objects.all().delete()
    Reference.objects.all().delete()
    assert Author.objects.count() == 0


def test_a_masters_thesis_is_a_mastersthesis_with_its_university_as_school(seeded):
    printed = Reference.objects.get(key="mao2023analysis").citation_text
    assert entry(export(article=seeded.slug), seeded, 1) == (
        "@mastersthesis{mao2023analysis,\n"
        "  author = {Mao, K},\n"
        "  title = {An Analysis of Emotions of Left-Behind Children in the Context of Social Media},\n"
        "  year = {2023},\n"
        "  school = {Nanjing Forestry University},\n"
        "  doi = {10.27242/d.cnki.gnjlu.2023.000202},\n"
        "  url = {https://link.cnki.net/doi/10.27242/d.cnki.gnjlu.2023.000202},\n"
        "  language = {zh},\n"
        f"  annote = {{Printed as: {printed}}},\n"
        "  citation-number = {1}\n"
        "}"
    )


def test_a_doctoral_dissertation_is_a_phdthesis(seeded):
    assert entry(export(article=seeded.slug), seeded, 9).startswith("@phdthesis{")
    assert "school = {Northeast Normal University}" in entry(export(article=seeded.slug), seeded, 9)


def test_a_thesis_without_a_printed_type_is_a_biblatex_thesis_and_keeps_its_review_note(seeded):
    thesis = entry(export(article=seeded.slug), seeded, 22)
    assert thesis.startswith("@thesis{")
    assert "school = {Shandong University}" in thesis
    assert "\nReview note: no thesis type is printed; classified as a thesis because it names" in thesis


def test_an_organisation_author_stays_one_braced_name(seeded, tmp_path):
    report = entry(export(article=seeded.slug), seeded, 2)
    assert report.startswith("@techreport{national2020what,\n")
    assert "  author = {{National Bureau of Statistics of China}},\n" in report
    empty_the_database()
    import_bibtex(tmp_path, report)
    author = Reference.objects.get().authors.get()
    assert (author.literal, author.family, author.given) == ("National Bureau of Statistics of China", "", "")


def test_the_book_keeps_its_place_and_publisher(seeded, tmp_path):
    book = entry(export(article=seeded.slug), seeded, 37)
    assert book.startswith("@book{")
    assert "  author = {Zhao, H and You, A and Yang, W and Wang, D},\n" in book
    assert "  publisher = {Social Sciences Academic Press (China)},\n  address = {Beijing},\n" in book
    empty_the_database()
    import_bibtex(tmp_path, book)
    reference = Reference.objects.get()
    assert (reference.type, reference.publisher_place, reference.publisher) == (
        "book",
        "Beijing",
        "Social Sciences Academic Press (China)",
    )


def test_a_journal_article_keeps_journal_volume_issue_and_pages_as_printed(seeded, tmp_path):
    article = entry(export(article=seeded.slug), seeded, 25)
    assert article.startswith("@article{")
    assert (
        "  journal = {J Soochow Univ (Educ Sci Ed)},\n  year = {2023},\n  volume = {2023},\n"
        "  number = {4},\n  pages = {88--98},\n"
    ) in article
    empty_the_database()
    import_bibtex(tmp_path, article)
    reference = Reference.objects.get()
    assert (reference.container_title, reference.volume, reference.issue, reference.pages) == (
        "J Soochow Univ (Educ Sci Ed)",
        "2023",
        "4",
        "88-98",
    )


def test_chinese_text_and_curly_quotes_stay_utf8_and_special_characters_are_escaped(seeded, tmp_path):
    title = "社交媒体背景下留守儿童的情绪：“城市”的视角 & 50% {新} $5 #1 a_b ~ ^ \\ -- ``x''"
    Reference.objects.filter(key="mao2023analysis").update(title=title)
    thesis = entry(export(article=seeded.slug), seeded, 1)
    assert (
        "  title = {社交媒体背景下留守儿童的情绪：“城市”的视角 \\& 50\\% \\{新\\} \\$5 \\#1 a\\_b "
        "\\textasciitilde{} \\textasciicircum{} \\textbackslash{} -{}- `{}`x'{}'},\n"
    ) in thesis
    empty_the_database()
    import_bibtex(tmp_path, thesis)
    assert Reference.objects.get().title == title


def test_the_article_list_round_trips_through_an_empty_database(seeded, tmp_path):
    first = export(article=seeded.slug)
    assert first.count("\n@") == 50
    notes = dict(Reference.objects.values_list("key", "review_notes"))
    empty_the_database()
    import_bibtex(tmp_path, first, article=seeded.slug)
    assert export(article=seeded.slug) == first
    assert Citation.objects.filter(article=seeded).count() == 51
    assert dict(Reference.objects.values_list("key", "review_notes")) == notes


def test_the_whole_library_round_trips_without_an_article(seeded, tmp_path):
    first = export()
    empty_the_database()
    import_bibtex(tmp_path, first)
    assert export() == first


def test_reimporting_an_export_changes_nothing(seeded, tmp_path):
    out = io.StringIO()
    path = tmp_path / "references.bib"
    path.write_text(export(article=seeded.slug), encoding="utf-8")
    call_command("import_references", str(path), format="bibtex", article=seeded.slug, stdout=out)
    assert out.getvalue().splitlines()[-1].startswith("51 entries: 0 created, 0 updated, 51 unchanged;")
