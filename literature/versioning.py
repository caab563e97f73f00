"""Keep ContentVersion in step with the content: every save, delete or many-to-many change of a model whose
data pages or the API show bumps the scopes that show it (ContentVersion: the library, a course, ...).

Signals rather than explicit calls, because content changes through many doors (the admin and its inlines,
the API, importers, cascading deletes, drag-and-drop reordering) and a missed bump would serve stale data
with a 304. Writes that bypass signals (QuerySet.update, bulk_create) call ContentVersion.bump() or
bulk_content_changed() themselves.

Each app names its own content models and their scopes from its AppConfig.ready() (track_content), so this module
needs to know no app built on it.
"""

from collections.abc import Callable, Iterable
from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from literature.models import ContentVersion

_SCOPES: dict[type, Callable[[object], Iterable[str]]] = {}
_PENDING: dict[str, set[str]] = {}  # per database connection: scopes to bump again when its transaction commits


def content_models(app_config, *, exclude=()) -> list:
    """The app's models, its many-to-many tables included, less those named (lower-case model names) in
    `exclude`."""
    return [
        model for model in app_config.get_models(include_auto_created=True) if model._meta.model_name not in exclude
    ]


def _library(instance) -> Iterable[str]:
    return (ContentVersion.LIBRARY,)


def _bump_after_commit(alias: str) -> None:
    if scopes := _PENDING.pop(alias, None):
        ContentVersion.bump(*scopes)


def content_changed(sender=None, instance=None, update_fields=None, action="", raw=False, **kwargs) -> None:
    if raw:
        return  # loading a dump (loaddata, restore, a test snapshot) brings its own versions; restore bumps after
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # a sign-in changes nothing anyone sees
    if action.startswith("pre_"):
        return  # many-to-many changes signal before and after; the change is made after
    _bump(set(_SCOPES.get(sender, _library)(instance)))


def bulk_content_changed(instances: Iterable) -> None:
    """What content_changed does for a save, once for all these saved, created or deleted objects: for writes
    that send no signals (bulk_create, bulk_update, raw deletes), such as an import of thousands of references."""
    scopes = set()
    for instance in instances:
        scopes.update(_SCOPES.get(type(instance), _library)(instance))
    _bump(scopes)


def _bump(scopes: set[str]) -> None:
    if not scopes:
        return
    # Inside the writer's transaction, so readers see the new version together with the new data...
    ContentVersion.bump(*scopes)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # ...and once more at commit, so the time is when the change became visible, not when it began.
        _PENDING.setdefault(connection.alias, set()).update(scopes)
        if not any(getattr(hook, "func", None) is _bump_after_commit for _, hook, _ in connection.run_on_commit):
            transaction.on_commit(partial(_bump_after_commit, connection.alias))


def track_content(*models, scopes: Callable[[object], Iterable[str]] = _library) -> None:
    """Move the content version of `scopes(instance)` on whenever a row of one of `models` is saved or deleted,
    or (for a many-to-many table, with the changed object as instance) changed. By default: the library."""
    for model in models:
        _SCOPES[model] = scopes
        post_save.connect(content_changed, sender=model, dispatch_uid=f"content-version-save-{model._meta.label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"content-version-delete-{model._meta.label}")
        if model._meta.auto_created:
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=f"content-version-m2m-{model._meta.label}")
