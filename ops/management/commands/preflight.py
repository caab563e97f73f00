from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Check that the database (DATABASE_URL) and the cache (REDIS_URL) answer before the site starts; "
        "one line naming the variable when one does not. scripts/serve runs it first."
    )
    requires_system_checks = []

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        try:
            connection.ensure_connection()
        except Exception as error:
            where = database.get("HOST") or database.get("NAME")
            message = f"DATABASE_URL: cannot connect to the database at {where}: {_first_line(error)}"
            raise CommandError(message) from None
        if settings.REDIS_URL:
            try:
                cache.set("preflight", "ok", 5)
            except Exception as error:
                raise CommandError(f"REDIS_URL: cannot reach Redis: {_first_line(error)}") from None
        self.stdout.write(f"Database ({database['ENGINE'].rsplit('.', 1)[-1]}) and cache answer.")


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
