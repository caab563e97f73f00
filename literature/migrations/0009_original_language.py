"""Original-language metadata (a work's title, journal and author names in its own script) and its place in the
search document.

On SQLite, adding a column with a default makes Django rebuild literature_reference, which drops the triggers that
keep the FTS5 table in step (migration 0007), and which SQLite refuses while literature_citation's triggers name
the table: those are dropped before and created again after, the FTS5 triggers are created again, the search documents are rebuilt with
the new fields (Reference.fill_search_document) and the FTS5 index is rebuilt from them. PostgreSQL's GIN indexes
are over the same two document columns and need nothing but the new documents.
"""

import importlib

from django.db import migrations, models

from literature import search

_0007 = importlib.import_module("literature.migrations.0007_search_index_and_first_number")
CITATION_TRIGGERS = [statement for statement in _0007.SQLITE_FORWARD if "literature_citation_first_number" in statement]
DROP_CITATION_TRIGGERS = [
    f"DROP TRIGGER IF EXISTS literature_citation_first_number_{event}" for event in ("insert", "delete", "update")
]

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS literature_reference_fts_insert",
    "DROP TRIGGER IF EXISTS literature_reference_fts_delete",
    "DROP TRIGGER IF EXISTS literature_reference_fts_update",
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
]


def index_original_language(apps, schema_editor):
    """The search documents with the original-language fields in them (as Reference.fill_search_document makes
    them), then the SQLite index rebuilt from the documents."""
    Reference = apps.get_model("literature", "Reference")
    references = list(Reference.objects.using(schema_editor.connection.alias).prefetch_related("authors"))
    for reference in references:
        names = " ".join(f"{a.family} {a.given} {a.literal} {a.original}" for a in reference.authors.all())
        reference.search_title = search.document(reference.title, reference.original_title)
        reference.search_text = search.document(
            names,
            reference.container_title,
            reference.original_container_title,
            reference.doi,
            reference.publisher,
            reference.citation_text,
            reference.key,
        )
    Reference.objects.using(schema_editor.connection.alias).bulk_update(
        references, ["search_title", "search_text"], batch_size=500
    )
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO literature_reference_fts(literature_reference_fts) VALUES ('rebuild')", params=None
        )


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


# Around the table rebuilds, both ways (going back drops the columns: another rebuild).
before_rebuild = _sqlite(DROP_CITATION_TRIGGERS)
after_rebuild = _sqlite([*DROP_CITATION_TRIGGERS, *CITATION_TRIGGERS, *SQLITE_TRIGGERS])


class Migration(migrations.Migration):
    dependencies = [
        ("literature", "0008_content_version_scopes"),
    ]

    operations = [
        migrations.RunPython(before_rebuild, after_rebuild),
        migrations.AddField(
            model_name="author",
            name="original",
            field=models.CharField(
                blank=True,
                help_text="The name as written in its own language, family name first, e.g. 蔡佳; for an "
                "organisation its name, e.g. 中华人民共和国教育部. Leave empty if you do not have it.",
                max_length=300,
                verbose_name="name in original script",
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="original_container_title",
            field=models.CharField(
                blank=True,
                help_text="The journal or book title in the original language and script, e.g. 中国青年研究.",
                max_length=300,
                verbose_name="original journal or container",
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="original_title",
            field=models.TextField(
                blank=True,
                help_text="The title in the original language and script (e.g. Chinese), exactly as the work prints "
                "it. Leave empty if you do not have it. The Title field above stays the English title.",
                verbose_name="original title",
            ),
        ),
        migrations.RunPython(after_rebuild, before_rebuild),
        migrations.RunPython(index_original_language, migrations.RunPython.noop),
    ]
