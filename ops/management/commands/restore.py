from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from literature.models import ContentVersion
from ops import backups


class Command(BaseCommand):
    help = (
        "Load a dump made by `manage.py backup` into this database, migrated and empty. A database that "
        "already holds content is refused unless --force (objects with the same keys are then overwritten)."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", help="The JSON file `manage.py backup` wrote.")
        parser.add_argument("--force", action="store_true", help="Load even into a database that holds content.")

    def handle(self, *args, **options):
        in_use = backups.models_in_use()
        if in_use and not options["force"]:
            raise CommandError(
                f"The database already holds content ({', '.join(in_use[:4])}{', …' if len(in_use) > 4 else ''}); "
                "restore into an empty, migrated database, or add --force to load over it."
            )
        try:
            with transaction.atomic():
                call_command("loaddata", options["dump"], verbosity=0)
                ContentVersion.bump()  # pages and API reads cached before the restore describe other content
        except Exception as error:
            raise CommandError(f"Nothing was restored: {str(error).splitlines()[0]}") from None
        self.stdout.write(f"Restored {options['dump']}.")
