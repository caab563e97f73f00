from django.contrib.auth.management import create_permissions
from django.db import migrations

# Instructors may read what the audit and the link checker found; nobody edits those rows by hand
# (the admin refuses add/change/delete to everyone), so only "view" is granted.
CODENAMES = ["view_auditfinding", "view_linkcheck"]


def grant_view(apps, schema_editor):
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Instructor")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="literature", codename__in=CODENAMES))


def revoke_view(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Instructor").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="literature", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("literature", "0003_auditfinding_linkcheck"),
        ("courses", "0002_instructor_group"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_view, revoke_view)]
