"""The audit finds exactly the problems printed in the article's reference list: no more, no fewer."""

from literature import audit
from literature.models import AuditFinding, Citation

# Read off the printed list (literature/seed/tian-2024-left-behind-children.txt), entry by entry.
EXPECTED = sorted(
    [
        # CNKI links whose "&" separators were lost: "…=uniplatform=NZKPTlanguage=CHS".
        (13, "malformed_url"),
        (21, "malformed_url"),
        (31, "malformed_url"),
        (32, "malformed_url"),
        (36, "malformed_url"),
        (50, "malformed_url"),
        # "A Practical Report on the Translation of …" labelled a doctoral dissertation.
        (18, "type_mismatch"),
        # A 2024 thesis whose CNKI DOI says 2023; the importer also could not tell its thesis type.
        (22, "identifier_year"),
        (22, "importer_flag"),
        # "Zhong Y, Yang.": a co-author without initials, which the importer noted too.
        (33, "incomplete_author"),
        (33, "importer_flag"),
        # A 2024 article whose DOI says 2025.
        (34, "identifier_year"),
        # A thesis printed with neither DOI nor link.
        (39, "missing_identifier"),
    ]
)


def findings_by_number(reports):
    return {report.number: report.problems for report in reports}


def test_the_audit_finds_exactly_the_problems_in_the_printed_list(seeded):
    reports = audit.run()
    assert len(reports) == 51
    assert sorted((report.number, str(p.kind)) for report in reports for p in report.problems) == EXPECTED


def test_the_findings_are_stored_for_the_admin(seeded):
    audit.run()
    stored = AuditFinding.objects.values_list("reference__citations__number", "kind")
    assert sorted(stored) == EXPECTED


def test_the_messages_say_what_is_wrong_in_words_an_instructor_reads(seeded):
    problems = findings_by_number(audit.run())
    assert "“=uniplatform=NZKPTlanguage=CHS”" in problems[13][0].message
    assert "“==uniplatform=NZKPTlanguage=CHS”" in problems[21][0].message
    assert "carries the year 2025, but the reference gives 2024" in problems[34][0].message
    assert "carries the year 2023, but the reference gives 2024" in problems[22][0].message
    assert "“Yang”, has only a family name" in problems[33][0].message
    assert "practice report" in problems[18][0].message
    assert "master's degree" in problems[18][0].message
    assert "No DOI and no link" in problems[39][0].message


def test_identifiers_that_carry_no_year_are_not_read_as_one(seeded):
    # Ref 48's Wanfang DOI 10.7666/d.y1899646 holds digits but no year; ref 40's DOI holds an ISSN.
    problems = findings_by_number(audit.run())
    assert problems[48] == []
    assert problems[40] == []


def test_auditing_again_replaces_the_findings_instead_of_adding_to_them(seeded):
    audit.run()
    audit.run()
    assert AuditFinding.objects.count() == len(EXPECTED)
    thesis = Citation.objects.get(article=seeded, number=39).reference
    thesis.url = "https://kns.cnki.net/kcms2/article/abstract?v=abc&uniplatform=NZKPT&language=CHS"
    thesis.save()
    audit.run()
    assert not AuditFinding.objects.filter(reference=thesis).exists()
    assert AuditFinding.objects.count() == len(EXPECTED) - 1
