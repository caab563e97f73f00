"""Report stored rows that break the rules every write path now enforces (lbc_site/rules.py).

SQLite kept whatever it was given before those rules: a year of 99999, a NUL byte, a javascript: link, a name
longer than its column. PostgreSQL refuses such rows, so a dump that holds one does not load. Run this before
moving to PostgreSQL (or at any time) and fix what it lists in the admin.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lbc_site.rules import field_problems


def project_models():
    """The models of the project's own apps (not Django's or a library's)."""
    base = Path(settings.BASE_DIR).resolve()
    for app_config in apps.get_app_configs():
        path = Path(app_config.path).resolve()
        if path.is_relative_to(base) and ".venv" not in path.parts and "site-packages" not in path.parts:
            yield from app_config.get_models()


class Command(BaseCommand):
    help = "List stored values that PostgreSQL would refuse or that the site's validation forbids."

    def handle(self, *args, **options):
        found = 0
        for model in project_models():
            for row in model._default_manager.order_by("pk").iterator(chunk_size=2000):
                for problem in field_problems(row):
                    found += 1
                    self.stdout.write(f"{model._meta.label} #{row.pk}: {problem}")
        if found:
            raise CommandError(f"{found} problem(s) found; fix them in the admin before moving the data.")
        self.stdout.write("check_data: no problems found.")
