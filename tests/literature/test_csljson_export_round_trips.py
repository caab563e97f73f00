"""Exported CSL-JSON uses standard keys and survives export -> import into an empty database -> export."""

import io
import json

from django.core.management import call_command

from literature.models import Author, Citation, Reference, Theme


def export(**options) -> str:
    out = io.StringIO()
    call_command("export_references", stdout=out, **options)
    return out.getvalue()


def test_it_exports_standard_csl_json_in_citation_order(seeded):
    items = json.loads(export(article=seeded.slug))
    assert [item["citation-number"] for item in items] == list(range(1, 52))
    thesis, report, book = items[0], items[1], items[36]
    assert thesis == {
        "id": "mao2023analysis",
        "type": "thesis",
        "citation-number": 1,
        "title": "An Analysis of Emotions of Left-Behind Children in the Context of Social Media",
        "publisher": "Nanjing Forestry University",
        "genre": "master's thesis",
        "DOI": "10.27242/d.cnki.gnjlu.2023.000202",
        "URL": "https://link.cnki.net/doi/10.27242/d.cnki.gnjlu.2023.000202",
        "language": "zh",
        "author": [{"family": "Mao", "given": "K"}],
        "issued": {"date-parts": [[2023]]},
        "custom": {
            "citation-text": "Mao K. An Analysis of Emotions of Left-Behind Children in the Context of Social Media "
            "(master’s thesis). Nanjing Forestry University. 2023. "
            "Available at: https://link.cnki.net/doi/10.27242/d.cnki.gnjlu.2023.000202"
        },
    }
    assert report["author"] == [{"literal": "National Bureau of Statistics of China"}]
    assert (book["type"], book["publisher-place"], book["publisher"]) == (
        "book",
        "Beijing",
        "Social Sciences Academic Press (China)",
    )
    journal = items[24]
    assert (journal["container-title"], journal["volume"], journal["issue"], journal["page"]) == (
        "J Soochow Univ (Educ Sci Ed)",
        "2023",
        "4",
        "88-98",
    )


def test_the_article_list_round_trips_through_an_empty_database(seeded, tmp_path):
    first = export(article=seeded.slug)
    Citation.objects.all().delete()
    Theme.objects.all().delete()
    Reference.objects.all().delete()
    assert Author.objects.count() == 0
    path = tmp_path / "article.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_references", str(path), format="csljson", article=seeded.slug, verbosity=0)
    assert export(article=seeded.slug) == first


def test_the_whole_library_round_trips_without_an_article(seeded, tmp_path):
    first = export()
    Citation.objects.all().delete()
    Reference.objects.all().delete()
    path = tmp_path / "all.json"
    path.write_text(first, encoding="utf-8")
    call_command("import_references", str(path), format="csljson", verbosity=0)
    assert export() == first


def test_it_reports_csl_fields_it_does_not_keep(db, tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"id": "x1", "type": "book", "title": "A book", "ISBN": "978-7-1", "abstract": "…"}]))
    call_command("import_references", str(path), format="csljson", verbosity=0)
    reference = Reference.objects.get()
    assert reference.review_note_list() == ["fields not kept on import: ISBN, abstract"]
