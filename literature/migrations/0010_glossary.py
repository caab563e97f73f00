"""The bilingual glossary (literature/glossary.py); instructors may add to it and edit it in the admin."""

import django.db.models.functions.text
from django.db import migrations, models

from lbc_site.roles import grant_to_instructors, revoke_from_instructors

GRANTS = {"literature": {"glossaryterm": ["view", "add", "change", "delete"]}}


def grant(apps, schema_editor):
    grant_to_instructors(apps, GRANTS)


def revoke(apps, schema_editor):
    revoke_from_instructors(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("literature", "0009_original_language"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="GlossaryTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "term_zh",
                    models.CharField(
                        help_text="In Chinese characters, as the literature writes it: 留守儿童.",
                        max_length=100,
                        verbose_name="Chinese term",
                    ),
                ),
                (
                    "term_en",
                    models.CharField(
                        help_text="The standard English translation, in lower case unless it is a name: left-behind children.",
                        max_length=200,
                        verbose_name="English term",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Optional: how the term is used, or a nuance to know.",
                        verbose_name="note",
                    ),
                ),
                ("themes", models.ManyToManyField(blank=True, related_name="glossary_terms", to="literature.theme")),
            ],
            options={
                "ordering": ["term_en", "term_zh"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("term_en"),
                        models.F("term_zh"),
                        name="glossary_unique_pair",
                        violation_error_message="This Chinese term already has this English translation in the glossary.",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
