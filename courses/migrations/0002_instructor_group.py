from django.contrib.auth.management import create_permissions
from django.db import migrations

# What an instructor may do in the admin; which objects they may touch is decided by the admin
# classes (their own courses, references they added).
INSTRUCTOR_PERMISSIONS = {
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
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Instructor")
    for app_label, models in INSTRUCTOR_PERMISSIONS.items():
        for model, actions in models.items():
            codenames = [f"{action}_{model}" for action in actions]
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("literature", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_instructor_group, migrations.RunPython.noop)]
