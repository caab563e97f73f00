from django.core.management.base import BaseCommand

from literature import audit
from literature.models import AuditFinding
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
        if changed < len(outcomes):
            # The import audited what it changed; the rest is audited here too, which also fills the findings
            # of a site set up before imports audited, so "Audit findings" is never empty after set-up.
            audit.run()
        if options["verbosity"]:
            self.stdout.write(f"Audit: {AuditFinding.objects.count()} finding(s); see Audit findings in the admin.")
