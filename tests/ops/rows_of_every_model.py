"""Print every row of every model of the database DATABASE_URL names, as sorted JSON keyed by model label.

Rows are serialized with natural keys (a user by username, a content type by app and model), so rows that
describe the same objects compare equal across databases whatever their auto-increment ids.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbc_site.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.core import serializers  # noqa: E402

# Changes on every write (it is the time of the last change), so it is never the same in two databases.
SKIP = {"literature.contentversion"}

rows = {}
for model in apps.get_models():
    label = model._meta.label_lower
    if label in SKIP:
        continue
    items = serializers.serialize(
        "python", model._default_manager.all(), use_natural_foreign_keys=True, use_natural_primary_keys=True
    )
    rows[label] = sorted(json.dumps(item, sort_keys=True, default=str) for item in items)
print(json.dumps(rows))
