import sys

from django.core.management.base import BaseCommand

from ops import backups


class Command(BaseCommand):
    help = (
        "Write every object of the site as portable JSON (natural keys): restore it into an empty database "
        "of any kind with `manage.py restore`. The dump holds secrets (password hashes, sessions, API tokens, "
        "the LTI tool's private key) unless --without-secrets."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write (default: standard output).")
        parser.add_argument(
            "--without-secrets",
            action="store_true",
            help="Leave out sessions, API tokens and the LTI tool key, and make every password unusable.",
        )

    def handle(self, *args, **options):
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as stream:
                count = backups.dump(stream, without_secrets=options["without_secrets"])
            self.stderr.write(f"Wrote {count} objects to {options['output']}.")
        else:
            count = backups.dump(sys.stdout, without_secrets=options["without_secrets"])
