"""The full-text search index and the stored first citation number (literature/search.py, Reference.first_number).

Both are kept by the database itself, so every write path (save, bulk_create, QuerySet.update, cascades, raw SQL)
keeps them current: triggers on literature_citation maintain first_number, and on SQLite triggers on
literature_reference keep the FTS5 table in step with the search document columns. PostgreSQL indexes the
document with GIN indexes over to_tsvector and needs no trigger for it. Each database gets only its own SQL.

On SQLite a later migration that rebuilds literature_reference or literature_citation (Django copies the table to
alter a column) drops their triggers: such a migration must create them again (tests/literature/
test_search_index_follows_every_write.py checks that they exist).
"""

from django.conf import settings
from django.db import migrations, models

import literature.models
from literature import search


def _citation_trigger(event: str, rows: list[str]) -> str:
    """A trigger that sets the first_number of the references of the changed citation rows."""
    updates = "".join(
        "UPDATE literature_reference SET first_number = (SELECT MIN(number) FROM literature_citation "
        f"WHERE reference_id = {row}.reference_id) WHERE id = {row}.reference_id; "
        for row in rows
    )
    return (
        f"CREATE TRIGGER literature_citation_first_number_{event.lower()} AFTER {event} ON literature_citation "
        f"BEGIN {updates}END"
    )


SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE literature_reference_fts USING fts5(
        search_title, search_text, content='literature_reference', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER literature_reference_fts_insert AFTER INSERT ON literature_reference BEGIN
        INSERT INTO literature_reference_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
    """CREATE TRIGGER literature_reference_fts_delete AFTER DELETE ON literature_reference BEGIN
        INSERT INTO literature_reference_fts(literature_reference_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
    END""",
    """CREATE TRIGGER literature_reference_fts_update AFTER UPDATE OF search_title, search_text ON literature_reference
    BEGIN
        INSERT INTO literature_reference_fts(literature_reference_fts, rowid, search_title, search_text)
        VALUES ('delete', old.id, old.search_title, old.search_text);
        INSERT INTO literature_reference_fts(rowid, search_title, search_text)
        VALUES (new.id, new.search_title, new.search_text);
    END""",
    "INSERT INTO literature_reference_fts(literature_reference_fts) VALUES ('rebuild')",
    *[
        _citation_trigger(event, rows)
        for event, rows in [("INSERT", ["new"]), ("DELETE", ["old"]), ("UPDATE", ["old", "new"])]
    ],
]
SQLITE_BACKWARD = [
    *[f"DROP TRIGGER IF EXISTS literature_citation_first_number_{event}" for event in ("insert", "delete", "update")],
    *[f"DROP TRIGGER IF EXISTS literature_reference_fts_{event}" for event in ("insert", "delete", "update")],
    "DROP TABLE IF EXISTS literature_reference_fts",
]
POSTGRESQL_FORWARD = [
    """CREATE FUNCTION literature_citation_first_number() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE literature_reference SET first_number =
                (SELECT MIN(number) FROM literature_citation WHERE reference_id = OLD.reference_id)
            WHERE id = OLD.reference_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE literature_reference SET first_number =
                (SELECT MIN(number) FROM literature_citation WHERE reference_id = NEW.reference_id)
            WHERE id = NEW.reference_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER literature_citation_first_number AFTER INSERT OR UPDATE OR DELETE ON literature_citation
    FOR EACH ROW EXECUTE FUNCTION literature_citation_first_number()""",
    # The expressions literature/search.py queries, character for character, so the planner uses these indexes.
    """CREATE INDEX literature_reference_search ON literature_reference
    USING gin (to_tsvector('simple', search_title || ' ' || search_text))""",
    "CREATE INDEX literature_reference_search_title ON literature_reference USING gin (to_tsvector('simple', search_title))",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS literature_reference_search_title",
    "DROP INDEX IF EXISTS literature_reference_search",
    "DROP TRIGGER IF EXISTS literature_citation_first_number ON literature_citation",
    "DROP FUNCTION IF EXISTS literature_citation_first_number()",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def fill(apps, schema_editor):
    """First numbers and search documents of the references already there, then the database's index."""
    Reference = apps.get_model("literature", "Reference")
    schema_editor.execute(
        "UPDATE literature_reference SET first_number = "
        "(SELECT MIN(number) FROM literature_citation WHERE reference_id = literature_reference.id)"
    )
    references = list(Reference.objects.using(schema_editor.connection.alias).prefetch_related("authors"))
    for reference in references:
        names = " ".join(f"{a.family} {a.given} {a.literal}" for a in reference.authors.all())
        reference.search_title = search.document(reference.title)
        reference.search_text = search.document(
            names, reference.container_title, reference.doi, reference.publisher, reference.citation_text, reference.key
        )
    Reference.objects.bulk_update(references, ["search_title", "search_text"], batch_size=500)
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}.get(vendor, []))


def unfill(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}.get(vendor, []))


class Migration(migrations.Migration):
    dependencies = [
        ("literature", "0006_portable_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="first_number",
            field=models.PositiveSmallIntegerField(
                blank=True,
                editable=False,
                help_text="The lowest number any article cites this reference under (kept by the database, migration 0006).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="reference",
            name="search_title",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddIndex(
            model_name="reference",
            index=models.Index(literature.models.ArticleOrder(), models.F("key"), name="reference_article_order"),
        ),
        migrations.RunPython(fill, unfill),
    ]
