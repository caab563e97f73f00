"""An import writes its rows in bulk without the ORM's per-value preparation (literature/bulk.py): what it stores
is what saving the same reference through the model stores, on either database."""

from django.forms.models import model_to_dict

from literature.formats.record import Name, ReferenceRecord
from literature.models import Author, Reference
from literature.services import references_import

RECORDS = [
    ReferenceRecord(
        type="thesis",
        title="Care at a distance: 留守儿童 and their grandparents",
        authors=[Name(family="Zhou", given="P", original="周平"), Name(literal="Hunan Normal University")],
        publisher="Hunan Normal University",
        genre="master's thesis",
        year=2022,
        url="https://example.org/thesis/1",
        language="zh",
        original_title="远方的照料",
        warnings=["author 'Zhou' has no initials", "type guessed from the title"],
    ),
    ReferenceRecord(type="report", title="A report without a year or authors", doi="10.1234/report.2"),
]


def stored(reference: Reference) -> dict:
    row = Reference.objects.values().get(pk=reference.pk)
    authors = list(Author.objects.filter(reference=reference).order_by("position").values())
    return {**row, "updated": None, "authors": [{**author, "id": None} for author in authors]}


def test_an_imported_reference_is_what_a_save_of_it_would_store(db, instructor):
    outcomes = references_import(records=RECORDS, user=instructor)
    for outcome in outcomes:
        imported = stored(outcome.reference)
        assert imported["created"] is not None and imported["added_by_id"] == instructor.pk
        reference = Reference.objects.get(pk=outcome.reference.pk)
        reference.save()  # the model's own way: title key and search document made from the saved fields
        reference.refresh_author_fields()
        assert stored(reference) == imported
    thesis = Reference.objects.get(title__startswith="Care at a distance")
    assert thesis.needs_review is True and thesis.review_note_list() == RECORDS[0].warnings
    assert model_to_dict(thesis, fields=["year", "language", "genre"]) == {
        "year": 2022,
        "language": "zh",
        "genre": "master's thesis",
    }
    report = Reference.objects.get(doi="10.1234/report.2")
    assert report.needs_review is False and report.year is None and report.first_author_key == ""
