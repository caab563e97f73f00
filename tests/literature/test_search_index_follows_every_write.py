"""The search index and the stored first citation number follow every way a reference changes: save, author
edits, the admin, imports (bulk writes), bulk_create, citations added or removed, deletes."""

import pytest
from django.db import connection

from literature.formats import PARSERS
from literature.models import Article, Author, Citation, Reference
from literature.services import references_import
from tests.courses.conftest import admin_form_data


def search(query: str) -> list[str]:
    return sorted(Reference.objects.search(query).values_list("key", flat=True))


@pytest.fixture
def reference(db):
    reference = Reference.objects.create(key="ref-one", title="Migrant families in Shenzhen", year=2020)
    Author.objects.create(reference=reference, position=1, family="Wang", given="L")
    return reference


def test_a_saved_change_is_found_and_the_old_words_are_not(reference):
    reference.title = "留守儿童 in Dongguan"
    reference.save()
    assert search("Dongguan") == search("留守") == ["ref-one"]
    assert search("Shenzhen") == []


def test_author_edits_are_found(reference):
    author = reference.authors.get()
    author.family = "Qiao"
    author.save()
    Author.objects.create(reference=reference, position=2, literal="UNICEF China")
    assert search("Qiao") == search("unicef") == ["ref-one"]
    assert search("Wang") == []
    author.delete()
    assert search("Qiao") == []
    assert Reference.objects.get().first_author_key == "unicef china"


def test_a_deleted_reference_leaves_the_index(reference):
    reference.delete()
    assert search("Shenzhen") == []
    if connection.vendor == "sqlite":  # the FTS5 table holds no row for it either
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM literature_reference_fts('shenzhen')")
            assert cursor.fetchone()[0] == 0


def test_imported_references_are_found_with_their_authors(db):
    records = PARSERS["text"](
        "1. Zhou K, Tan B. Grandparental care in Hefei. Chin J Soc 2019;3(2):1-9. DOI: 10.1234/cjs.2019.7\n"
    )
    article = Article.objects.create(slug="a", title="A", authors="X", journal="J")
    [outcome] = references_import(records=records, article=article)
    key = outcome.reference.key
    assert search("hefei") == search("Tan") == search("10.1234/cjs.2019") == search("Chin J Soc") == [key]
    assert Reference.objects.get(key=key).first_number == 1


def test_bulk_created_references_are_found_and_their_authors_after_a_refresh(db):
    references = Reference.objects.bulk_create([Reference(key=f"bulk-{i}", title=f"Bulk study {i}") for i in range(3)])
    assert search("bulk") == ["bulk-0", "bulk-1", "bulk-2"]
    Author.objects.bulk_create(Author(reference=r, position=1, family="Gu") for r in references)
    Reference.objects.filter(pk__in=[r.pk for r in references]).refresh_search_documents()
    assert search("Gu") == ["bulk-0", "bulk-1", "bulk-2"]


def test_an_admin_edit_is_found(reference, client, admin_client_user):
    client.force_login(admin_client_user)
    url = f"/admin/literature/reference/{reference.pk}/change/"
    form = admin_form_data(client.get(url))
    form.update({"title": "Hukou and schooling", "authors-0-family": "Pei"})
    assert client.post(url, form).status_code == 302
    assert search("hukou") == search("pei") == ["ref-one"]


def test_first_number_follows_the_citations(reference):
    article = Article.objects.create(slug="a", title="A", authors="X", journal="J")
    other = Article.objects.create(slug="b", title="B", authors="Y", journal="J")
    Citation.objects.create(article=article, reference=reference, number=7)
    assert Reference.objects.get().first_number == 7
    Citation.objects.bulk_create([Citation(article=other, reference=reference, number=3)])
    assert Reference.objects.get().first_number == 3
    Citation.objects.filter(article=other).update(number=9)
    assert Reference.objects.get().first_number == 7
    other.delete()  # its citations go with it
    Citation.objects.filter(article=article).delete()
    assert Reference.objects.get().first_number is None


def test_saving_a_reference_never_writes_back_a_stale_first_number(reference):
    stale = Reference.objects.get()
    article = Article.objects.create(slug="a", title="A", authors="X", journal="J")
    Citation.objects.create(article=article, reference=reference, number=4)
    stale.title = "Retitled"
    stale.save()
    assert Reference.objects.get().first_number == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the triggers SQLite needs for the index")
def test_the_index_triggers_exist_after_all_migrations(db):
    """A migration that rebuilds literature_reference or literature_citation on SQLite drops their triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {
        "literature_reference_fts_insert", "literature_reference_fts_delete", "literature_reference_fts_update",
        "literature_citation_first_number_insert", "literature_citation_first_number_delete",
        "literature_citation_first_number_update",
    } <= triggers  # fmt: skip
