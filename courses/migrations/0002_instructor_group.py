from django.db import migrations

from lbc_site.roles import grant_to_instructors

# What an instructor may do in the admin; which objects they may touch is decided by the admin
# classes (their own courses, references they added).
GRANTS = {
    "courses": {
        "course": ["add", "change", "delete", "view"],
        "unit": ["add", "change", "delete", "view"],
        "readingitem": ["add", "change", "delete", "view"],
    },
    "literature": {
        "reference": ["add", "change", "delete", "view"],
        "author": ["add", "change", "delete", "view"],
        "theme": ["view"],
        "article": ["view"],
        "citation": ["view"],
    },
}


def create_instructor_group(apps, schema_editor):
    grant_to_instructors(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("literature", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_instructor_group, migrations.RunPython.noop)]
