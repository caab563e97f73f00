from django.core.management.base import BaseCommand

from literature.seeding import seed_load


class Command(BaseCommand):
    help = (
        "Load the founding article, its references and themes (idempotent: safe to run again). "
        "`manage.py load_demo` also loads the demo course."
    )

    def handle(self, *args, **options):
        article, outcomes = seed_load()
        changed = sum(outcome.action != "unchanged" for outcome in outcomes)
        if options["verbosity"]:
            self.stdout.write(
                f"Loaded “{article.title}” with {len(outcomes)} references ({changed} created or updated)."
            )
