"""An import writes in bulk: what it imports is in the search index at once (found by a title word and a surname in
the library), the content version moves once per import however many entries it has, the number of queries does
not grow with the entries, a bad entry anywhere still writes nothing, and a work listed twice is recognised across
the importer's batches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from literature.formats import PARSERS
from literature.formats.record import Name, ParseError, ReferenceRecord
from literature.import_matching import BATCH
from literature.models import ContentVersion, Reference
from literature.services import references_import


def records(count: int, *, start: int = 0) -> list[ReferenceRecord]:
    return [
        ReferenceRecord(
            type="article-journal",
            title=f"Grandparent care study {n} in Xiamen",
            authors=[Name(family=f"Qu{n}", given="L"), Name(family="Fang", given="M")],
            container_title="Chin J Soc",
            year=2000 + n % 20,
            doi=f"10.4321/bulk.{n}" if n % 2 else "",
        )
        for n in range(start, start + count)
    ]


def library_keys(client, query: str) -> list[str]:
    page = client.get("/references/", {"q": query}).content.decode()
    return sorted(key for key in Reference.objects.values_list("key", flat=True) if f"/references/{key}/" in page)


def test_an_imported_list_is_found_in_the_library_by_a_title_word_and_a_surname(client, db):
    bibtex = "\n".join(
        f"@article{{k{n}, author = {{Ouyang{n}, Hui and Pan, Li}}, title = {{Kinship foster care wave{n}}}, "
        f"journal = {{J Fam}}, year = {{2021}}}}"
        for n in range(30)
    )
    outcomes = references_import(records=PARSERS["bibtex"](bibtex))
    assert {o.action for o in outcomes} == {"created"}
    key = Reference.objects.get(title="Kinship foster care wave17").key
    assert library_keys(client, "wave17") == library_keys(client, "Ouyang17") == [key]
    assert len(library_keys(client, "kinship Pan")) == 25  # a page of the 30 (title word and surname together)
    assert Reference.objects.get(key=key).first_author_key == "ouyang17"


def contentversion_updates(captured) -> int:
    return sum(query["sql"].startswith("UPDATE") and "literature_contentversion" in query["sql"] for query in captured)


def test_an_import_moves_the_library_s_content_version_once_and_a_dry_run_not_at_all(db):
    ContentVersion.bump(ContentVersion.LIBRARY)
    before = ContentVersion.current(ContentVersion.LIBRARY)
    with CaptureQueriesContext(connection) as dry:
        references_import(records=records(40), dry_run=True)
    assert contentversion_updates(dry) == 0
    assert not Reference.objects.exists()
    with CaptureQueriesContext(connection) as captured:
        references_import(records=records(40))
    assert contentversion_updates(captured) == 1
    assert ContentVersion.current(ContentVersion.LIBRARY) > before
    assert Reference.objects.count() == 40


def test_an_import_of_400_entries_runs_a_few_more_queries_than_one_of_10_not_several_per_entry(db):
    def queries(entries):
        with CaptureQueriesContext(connection) as captured:
            references_import(records=entries)
        return len(captured)

    small = queries(records(10))
    large = queries(records(400, start=10))
    # The same look-ups; only the INSERTs are split (SQLite takes 999 parameters a statement: ~37 references).
    assert large - small <= 20
    assert Reference.objects.count() == 410


def test_one_bad_entry_after_the_first_batch_writes_nothing_and_is_named(db):
    entries = records(BATCH + 60)
    entries[BATCH + 40].url = "javascript:alert(1)"
    with pytest.raises(ParseError) as error:
        references_import(records=entries)
    assert error.value.problems == [
        f"entry {BATCH + 41} ('Grandparent care study {BATCH + 40} in Xiamen'): the link 'javascript:alert(1)' is not "
        "a web address (only http:// and https:// are kept)"
    ]
    assert not Reference.objects.exists()


def test_a_work_listed_twice_is_recognised_across_batches(db):
    entries = [*records(BATCH + 10), *records(1, start=3)]  # the last entry is the fourth one again
    outcomes = references_import(records=entries, update_existing=False, dry_run=True)
    assert outcomes[-1].action == "duplicate" and outcomes[-1].twin == 3
    assert [o.action for o in outcomes[:-1]] == ["created"] * (BATCH + 10)
    outcomes = references_import(records=entries, update_existing=False)
    assert Reference.objects.count() == BATCH + 10
    assert outcomes[-1].reference == outcomes[3].reference


def test_reimporting_a_changed_list_updates_in_place_and_keys_stay_free(db):
    references_import(records=records(20))
    changed = records(25)
    changed[4].doi = "10.4321/bulk.4"  # a DOI added: the same work (title, year and first author)
    changed[5].authors = [Name(family="Qu5", given="L")]
    changed[7].title = "Grandparent care study 7 in Xiamen, revised"  # the same work by its DOI
    outcomes = references_import(records=changed)
    assert [o.action for o in outcomes] == ["unchanged"] * 4 + ["updated"] * 2 + ["unchanged", "updated"] + [
        "unchanged"
    ] * 12 + ["created"] * 5
    assert Reference.objects.count() == 25
    assert Reference.objects.get(doi="10.4321/bulk.7").title == "Grandparent care study 7 in Xiamen, revised"
    assert Reference.objects.filter(doi="10.4321/bulk.4").get().authors.count() == 2
    assert list(Reference.objects.get(title="Grandparent care study 5 in Xiamen").authors.values_list("family")) == [
        ("Qu5",)
    ]
    assert len(set(Reference.objects.values_list("key", flat=True))) == 25
