"""PostgreSQL: every write to the content versions tells the listening app servers, at commit (NOTIFY), so each
can keep the stamps it read until one changes (literature/version_memo.py)."""

from django.db import migrations

FORWARD = [
    """CREATE FUNCTION literature_contentversion_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('lbc_content_versions', '');
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER literature_contentversion_notify
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON literature_contentversion
    FOR EACH STATEMENT EXECUTE FUNCTION literature_contentversion_notify()""",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS literature_contentversion_notify ON literature_contentversion",
    "DROP FUNCTION IF EXISTS literature_contentversion_notify()",
]


def _run(schema_editor, statements):
    if schema_editor.connection.vendor == "postgresql":
        for statement in statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("literature", "0014_reference_doi_lower_index")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _run(schema_editor, FORWARD),
            lambda apps, schema_editor: _run(schema_editor, BACKWARD),
        ),
    ]
