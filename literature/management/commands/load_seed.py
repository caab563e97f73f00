from django.core.management.base import BaseCommand

from literature import audit
from literature.models import AuditFinding
from literature.seeding import seed_load


class Command(BaseCommand):
    help = "Load the founding article, its references and themes (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Also load the published demo course and a demo instructor account."
        )

    def handle(self, *args, **options):
        article, outcomes = seed_load()
        changed = sum(outcome.action != "unchanged" for outcome in outcomes)
        self.stdout.write(f"Loaded “{article.title}” with {len(outcomes)} references ({changed} created or updated).")
        if changed < len(outcomes):
            # The import audited what it changed; the rest is audited here too, which also fills the findings
            # of a site set up before imports audited, so "Audit findings" is never empty after set-up.
            audit.run()
        self.stdout.write(f"Audit: {AuditFinding.objects.count()} finding(s); see Audit findings in the admin.")
        if options["demo"]:
            from courses.demo import DEMO_USERNAME, demo_load

            course, password = demo_load()
            self.stdout.write(f"Demo course: {course} at /courses/{course.slug}/")
            if password:
                self.stdout.write(
                    f"Demo instructor created. Sign in at /admin/ as {DEMO_USERNAME} with password: {password}\n"
                    "(shown only this once; `manage.py changepassword demo-instructor` sets a new one)"
                )
            else:
                self.stdout.write(f"Demo instructor {DEMO_USERNAME} already exists; password unchanged.")
