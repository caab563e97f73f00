"""The text importer on lists in the same style that are not the seed list."""

from literature.formats.text import parse_entry, parse_list


def test_it_reads_a_volume_without_issue_an_en_dash_and_no_space_after_the_semicolon():
    record = parse_entry("Smith J, Brown AB. Migrant parents and their children. Child Dev 2019;90:1021–1035.")
    assert record.type == "article-journal"
    assert [(a.family, a.given) for a in record.authors] == [("Smith", "J"), ("Brown", "AB")]
    assert (record.container_title, record.year, record.volume, record.issue, record.pages) == (
        "Child Dev",
        2019,
        "90",
        "",
        "1021–1035",
    )


def test_it_reads_a_month_after_the_year_and_an_electronic_page():
    record = parse_entry("Li X. Resilience in migrant families. BMC Public Health 2021 Mar 4;21(1):e456.")
    assert (record.year, record.volume, record.issue, record.pages) == (2021, "21", "1", "e456")


def test_it_keeps_et_al_as_a_note_and_the_named_authors():
    record = parse_entry("Wang H, Zhou Q, Chen L, et al. Peer support at school. J Sch Psychol 2018; 66:12-20.")
    assert [a.family for a in record.authors] == ["Wang", "Zhou", "Chen"]
    assert record.warnings == ["the author list is abbreviated with 'et al.'"]


def test_it_reads_a_book_with_place_and_publisher():
    record = parse_entry(
        "Murphy R. How Migrant Labor Is Changing Rural China. Cambridge: Cambridge University Press; 2002."
    )
    assert record.type == "book"
    assert (record.title, record.publisher_place, record.publisher, record.year) == (
        "How Migrant Labor Is Changing Rural China",
        "Cambridge",
        "Cambridge University Press",
        2002,
    )


def test_it_reads_a_doctoral_dissertation_in_brackets_with_a_place():
    record = parse_entry("Ye J. Left behind in the city [doctoral dissertation]. Beijing: Peking University; 2016.")
    assert (record.type, record.genre, record.publisher, record.publisher_place, record.year) == (
        "thesis",
        "doctoral dissertation",
        "Peking University",
        "Beijing",
        2016,
    )


def test_it_reads_a_report_by_an_organisation_with_a_bare_url():
    record = parse_entry(
        "Ministry of Civil Affairs. Statistics on left-behind children. 2018. https://www.mca.gov.cn/x.html"
    )
    assert record.type == "report"
    assert record.authors[0].literal == "Ministry of Civil Affairs"
    assert (record.url, record.language) == ("https://www.mca.gov.cn/x.html", "zh")


def test_it_reads_a_doi_without_resolver_and_a_doi_org_link():
    bare = parse_entry("Ge Y. Grandparenting. Fam Relat 2020;69(3):1-9. doi:10.1111/fare.12345.")
    linked = parse_entry("Ge Y. Grandparenting. Fam Relat 2020;69(3):1-9. DOI: https://doi.org/10.1111/fare.12345")
    assert bare.doi == linked.doi == "10.1111/fare.12345"
    assert bare.url == linked.url == ""


def test_it_takes_the_doi_out_of_a_cnki_doi_link_and_keeps_the_link():
    record = parse_entry(
        "Zhou P. Care at a distance (master’s thesis). Hunan Normal University. 2022. "
        "Available at: https://link.cnki.net/doi/10.27137/d.cnki.ghusu.2022.001234"
    )
    assert record.doi == "10.27137/d.cnki.ghusu.2022.001234"
    assert record.url == "https://link.cnki.net/doi/10.27137/d.cnki.ghusu.2022.001234"
    assert record.genre == "master's thesis"


def test_it_keeps_curly_quotes_in_titles_and_chinese_text():
    record = parse_entry("Lu M. “留守儿童”的城市困境. 中国青年研究 2020; 2020(5):33-40.")
    assert record.title == "“留守儿童”的城市困境"
    assert (record.container_title, record.language) == ("中国青年研究", "zh")


def test_it_flags_what_it_cannot_classify_and_keeps_the_text():
    record = parse_entry("Interview notes shared by a teacher in Chengdu, spring term")
    assert record.type == "document"
    assert record.title == "Interview notes shared by a teacher in Chengdu, spring term"
    assert record.citation_text == "Interview notes shared by a teacher in Chengdu, spring term"
    assert record.warnings


def test_it_flags_a_standalone_document_by_people():
    record = parse_entry("Zhang W. Notes on urban childhoods. 2019. Available at: https://example.org/notes")
    assert record.type == "document"
    assert record.title == "Notes on urban childhoods"
    assert "type" in record.warnings[0]


def test_it_joins_entries_that_wrap_over_several_lines_and_accepts_bracketed_numbers():
    records = parse_list(
        "[1] Smith J. Migrant parents. Child Dev\n    2019;90:1021-1035.\n\n[2] Ministry of Education. Data. 2020.\n"
    )
    assert [(r.number, r.type) for r in records] == [(1, "article-journal"), (2, "report")]
    assert records[0].container_title == "Child Dev"
