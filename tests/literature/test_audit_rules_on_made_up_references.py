"""Each audit rule on references made up to break it (and to come close without breaking it)."""

import pytest

from literature import audit
from literature.models import Author, Reference

GOOD_URL = "https://kns.cnki.net/kcms2/article/abstract?v=abc==&uniplatform=NZKPT&language=CHS"


def make(title="A study", *, authors=(("Li", "M"),), **fields):
    fields = {"type": "article-journal", "container_title": "J Educ", "year": 2020, "url": GOOD_URL} | fields
    reference = Reference.objects.create(title=title, **fields)
    for position, (family, given) in enumerate(authors, start=1):
        if given is None:
            Author.objects.create(reference=reference, position=position, literal=family)
        else:
            Author.objects.create(reference=reference, position=position, family=family, given=given)
    reference.refresh_first_author_key()
    return reference


def problems_of(reference):
    (report,) = [report for report in audit.run() if report.reference.pk == reference.pk]
    return [(str(p.kind), str(p.severity), p.message) for p in report.problems]


def kinds_of(reference):
    return [kind for kind, _, _ in problems_of(reference)]


def test_a_well_formed_reference_has_no_findings(db):
    assert problems_of(make(doi="10.1000/xyz.2020.1")) == []


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://example.org/a study.pdf", "contains spaces"),
        ("www.cnki.net/kcms/detail.aspx", "does not start with http:// or https://"),
        ("https:///kcms/detail.aspx", "names no website"),
        ("https://kns.cnki.net/kcms2/article/abstract?v=abc==uniplatform=NZKPTlanguage=CHS", "lost its “&”"),
        ("https://kns.cnki.net/kcms2/article/abstract?v=abc=uniplatform=NZKPT&language=CHS", "=uniplatform=NZKPT"),
    ],
)
def test_malformed_links_are_errors(db, url, says):
    [(kind, severity, message)] = problems_of(make(url=url))
    assert (kind, severity) == ("malformed_url", "error")
    assert says in message


def test_base64_padding_before_a_separator_is_not_a_lost_separator(db):
    assert problems_of(make(url="https://kns.cnki.net/kcms2/article/abstract?v=ab4c=&uniplatform=NZKPT")) == []


@pytest.mark.parametrize(
    ("doi", "says"),
    [
        ("10.123/abc", "is not a DOI"),
        ("doi 10.1000/xyz", "is not a DOI"),
        ("https://doi.org/10.1000/xyz", "Store the DOI name only"),
        ("doi:10.1000/xyz", "Store the DOI name only"),
    ],
)
def test_a_doi_must_read_10_registrant_slash_suffix(db, doi, says):
    [(kind, severity, message)] = problems_of(make(doi=doi))
    assert (kind, severity) == ("doi_syntax", "error")
    assert says in message


@pytest.mark.parametrize(
    ("doi", "year"),
    [
        ("10.27272/d.cnki.gshdu.2023.005450", 2023),  # a CNKI thesis DOI
        ("10.16187/j.cnki.issn1001-4918.2025.01.10", 2025),  # an ISSN before the year
        ("10.16775/j.cnki.10-1285/d2024.01.008", 2024),  # a letter before the year
        ("10.13694/j.cnki.ddjylt.20240005.002", 2024),  # an issue number after the year
        ("10.16070/j.cnki.cn45-1388/g4s.2020.31.007", 2020),
        ("10.7666/d.y1899646", None),  # Wanfang: digits, but no year
        ("10.15354/si.24.re1010", None),
        ("10.1016/j.chb.2019.106160", None),  # not a scheme known to carry a year
    ],
)
def test_which_identifiers_carry_a_year(doi, year):
    assert audit.identifier_year(doi) == year


def test_a_doi_whose_year_disagrees_is_a_warning(db):
    [(kind, severity, message)] = problems_of(make(doi="10.19563/j.cnki.sdjk.2023.04.009", year=2022))
    assert (kind, severity) == ("identifier_year", "warning")
    assert "carries the year 2023, but the reference gives 2022" in message


def test_the_doi_inside_a_cnki_doi_link_is_checked_too(db):
    thesis = make(
        type="thesis", genre="master's thesis", year=2022, url="https://link.cnki.net/doi/10.27272/d.cnki.gshdu.2021.1"
    )
    assert kinds_of(thesis) == ["identifier_year"]


def test_identifiers_without_a_year_are_never_flagged(db):
    thesis = make(type="thesis", genre="master's thesis", year=2020, url="", doi="10.7666/d.y1899646")
    assert problems_of(thesis) == []


def test_a_reference_without_doi_or_url_cannot_be_found(db):
    assert kinds_of(make(url="")) == ["missing_identifier"]


def test_a_person_without_given_names_is_incomplete_but_an_organisation_is_not(db):
    [(kind, severity, message)] = problems_of(make(authors=[("Zhong", "Y"), ("Yang", "")]))
    assert (kind, severity) == ("incomplete_author", "warning")
    assert "Author 2, “Yang”" in message
    assert problems_of(make("Another study", authors=[("State Council of China", None)])) == []


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            {"type": "thesis", "genre": "doctoral dissertation", "title": "An Interpreting Practice Report on a Forum"},
            "practice report",
        ),
        ({"type": "thesis", "genre": "master's thesis", "doi": "10.19563/j.cnki.sdjk.2020.04.009"}, "j.cnki"),
        ({"type": "article-journal", "url": "https://link.cnki.net/doi/10.27272/d.cnki.gshdu.2020.1"}, "d.cnki"),
        ({"type": "article-journal", "url": "https://d.wanfangdata.com.cn/thesis/D02476509"}, "Wanfang thesis"),
        ({"type": "article-journal", "container_title": ""}, "no journal is given"),
    ],
)
def test_type_labels_that_the_reference_itself_contradicts(db, fields, says):
    [(kind, severity, message)] = problems_of(make(**fields))
    assert (kind, severity) == ("type_mismatch", "warning")
    assert says in message


def test_a_masters_practice_report_is_consistent(db):
    report = make("An Interpreting Practice Report on a Forum", type="thesis", genre="master's thesis")
    assert problems_of(report) == []


def test_the_same_doi_twice_is_a_duplicate_whatever_its_case(db):
    first = make("First title", doi="10.1000/ABC")
    second = make("Second title", doi="10.1000/abc", authors=[("Wang", "B")])
    [(kind, severity, message)] = problems_of(first)
    assert (kind, severity) == ("duplicate", "error")
    assert f"reference “{second.key}” (the same DOI)" in message
    assert kinds_of(second) == ["duplicate"]


def test_the_same_title_year_and_first_author_is_a_duplicate(db):
    make("Left-behind children: a study", year=2020)
    copy = make("LEFT-BEHIND CHILDREN — A STUDY", year=2020)
    assert kinds_of(copy) == ["duplicate"]
    assert "the same title, year and first author" in problems_of(copy)[0][2]
    assert problems_of(make("Left-behind children: a study", year=2021)) == []


def test_an_entry_the_importer_flagged_is_listed_with_its_notes(db):
    flagged = make(needs_review=True, review_notes="the author list is abbreviated with 'et al.'")
    [(kind, severity, message)] = problems_of(flagged)
    assert (kind, severity) == ("importer_flag", "info")
    assert "abbreviated with 'et al.'" in message
