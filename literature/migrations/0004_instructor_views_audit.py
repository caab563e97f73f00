from django.db import migrations

from lbc_site.roles import grant_to_instructors, revoke_from_instructors

# Instructors may read what the audit and the link checker found; nobody edits those rows by hand
# (the admin refuses add/change/delete to everyone), so only "view" is granted.
GRANTS = {"literature": {"auditfinding": ["view"], "linkcheck": ["view"]}}


def grant_view(apps, schema_editor):
    grant_to_instructors(apps, GRANTS)


def revoke_view(apps, schema_editor):
    revoke_from_instructors(apps, GRANTS)


class Migration(migrations.Migration):
    # No dependency on the courses app: literature sits below it. The group is made by whichever of this
    # migration and courses.0002 runs first (databases migrated before this change ran courses.0002 first).
    dependencies = [
        ("literature", "0003_auditfinding_linkcheck"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
