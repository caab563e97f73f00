"""Importing the same list twice, or a corrected list, never duplicates references."""

import io

from django.core.management import call_command

from literature.models import Author, Citation, Reference

LIST = (
    "1. Smith J, Brown AB. Migrant parents. Child Dev 2019;90:1021-1035.\n"
    "2. Ministry of Education. Statistics on migrant children. 2020. Available at: https://www.moe.gov.cn/a.html\n"
)


def import_text(tmp_path, content, **options):
    path = tmp_path / "list.txt"
    path.write_text(content, encoding="utf-8")
    out = io.StringIO()
    call_command("import_references", str(path), stdout=out, **options)
    return out.getvalue()


def test_importing_the_same_list_twice_changes_nothing(db, tmp_path):
    first = import_text(tmp_path, LIST)
    second = import_text(tmp_path, LIST)
    assert "2 entries: 2 created, 0 updated, 0 unchanged" in first
    assert "2 entries: 0 created, 0 updated, 2 unchanged" in second
    assert (Reference.objects.count(), Author.objects.count()) == (2, 3)


def test_a_corrected_entry_updates_the_reference_in_place(db, tmp_path):
    import_text(tmp_path, LIST)
    output = import_text(tmp_path, LIST.replace("1021-1035.", "1021-1035. DOI: https://doi.org/10.1111/cdev.1"))
    assert "1 updated, 1 unchanged" in output
    assert Reference.objects.get(title="Migrant parents").doi == "10.1111/cdev.1"
    assert Reference.objects.count() == 2


def test_a_dry_run_reports_but_writes_nothing(db, tmp_path):
    output = import_text(tmp_path, LIST, dry_run=True)
    assert "2 entries: 2 created" in output
    assert "Dry run: nothing was written." in output
    assert Reference.objects.count() == 0


def test_reimporting_the_article_list_keeps_one_citation_per_number(seeded, tmp_path):
    from literature.seeding import SEED_FILE, parse_seed

    output = import_text(tmp_path, parse_seed(SEED_FILE.read_text()).reference_list, article=seeded.slug)
    assert "51 entries: 0 created" in output
    assert Citation.objects.filter(article=seeded).count() == 51
    assert Reference.objects.count() == 51


def test_the_summary_names_each_entry_and_its_flags(db, tmp_path):
    output = import_text(tmp_path, LIST + "3. Zhong Y, Yang. Peer exclusion. J Hexi Univ 2023; 39(3):97-103.\n")
    assert "   1  created   article-journal  2019  Migrant parents" in output
    assert "   2  created   report           2020  Statistics on migrant children" in output
    assert "        ! author 'Yang' has no initials" in output
    assert "1 flagged for review" in output
