"""A portable dump of the whole site (any database to any other), with or without its secrets.

Like `dumpdata --natural-foreign --natural-primary -e contenttypes -e auth.permission`, with one difference:
times keep their microseconds (Django's JSON encoder cuts them to milliseconds, and a reference's `updated`
time keys its cached citations), so a dump made on SQLite loads into a freshly migrated PostgreSQL database
with every object equal.
"""

import datetime
import json

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder

# Made by `migrate` on the target, never copied.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
# Rows whose content is a secret: sessions (sign-ins), API tokens, the LTI tool's private signing key.
SECRET_MODELS = {"sessions.session", "authtoken.token", "lti.toolkey"}
# Rows migrations or the site itself create, so their presence does not make a database "in use".
NOT_CONTENT = {"contenttypes.contenttype", "auth.permission", "auth.group", "literature.contentversion"}


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dump(stream, *, without_secrets: bool = False) -> int:
    """Write the site's data as JSON to the stream; the number of objects written."""
    exclude = MADE_BY_MIGRATE | (SECRET_MODELS if without_secrets else set())
    by_app = {}
    for model in apps.get_models():
        if model._meta.label_lower not in exclude and model._meta.managed and not model._meta.proxy:
            by_app.setdefault(model._meta.app_config, []).append(model)
    # Models whose rows others point to by natural key come first, as dumpdata orders them.
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    objects = []
    for model in ordered:
        objects += serializers.serialize(
            "python",
            model._default_manager.order_by(model._meta.pk.name),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    if without_secrets:
        for item in objects:
            if item["model"] == "auth.user":
                item["fields"]["password"] = make_password(None)  # unusable: set one with changepassword
    json.dump(objects, stream, cls=ExactJSONEncoder, ensure_ascii=False, indent=1)
    return len(objects)


def models_in_use() -> list[str]:
    """Labels of the models that hold rows other than those migrations make."""
    return [
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.label_lower not in NOT_CONTENT and model.objects.exists()
    ]
