"""The Instructor role: staff users in the "Instructor" group build the courses they teach in the admin.

A site-wide role, so it lives here rather than in one app: each app's data migrations grant the group the
permissions on that app's own models (grant_to_instructors), and the apps ask is_instructor().
"""

from django.contrib.auth.management import create_permissions
from django.db.models import Q

INSTRUCTOR_GROUP = "Instructor"


def is_instructor(user) -> bool:
    """May the user build courses: a superuser, or a staff member in the Instructor group."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.is_staff and user.groups.filter(name=INSTRUCTOR_GROUP).exists())


def may_teach() -> Q:
    """Users who may be named as a course's instructors (active ones only)."""
    return (Q(groups__name=INSTRUCTOR_GROUP) | Q(is_superuser=True)) & Q(is_active=True)


def instructor_group():
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=INSTRUCTOR_GROUP)[0]


def _permissions(apps, grants: dict[str, dict[str, list[str]]]):
    """The Permission rows for {app_label: {model: [action, …]}}, e.g. {"literature": {"theme": ["view"]}}."""
    # Permissions are normally created after all migrations; create them now so the group can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    wanted = Q(pk__in=[])
    for app_label, models in grants.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    return Permission.objects.filter(wanted)


def grant_to_instructors(apps, grants: dict[str, dict[str, list[str]]]) -> None:
    """For a data migration (`apps` is the migration's app registry): give the Instructor group these
    permissions, creating the group if no migration has yet."""
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=INSTRUCTOR_GROUP)
    group.permissions.add(*_permissions(apps, grants))


def revoke_from_instructors(apps, grants: dict[str, dict[str, list[str]]]) -> None:
    group = apps.get_model("auth", "Group").objects.filter(name=INSTRUCTOR_GROUP).first()
    if group:
        group.permissions.remove(*_permissions(apps, grants))
