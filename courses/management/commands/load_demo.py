from django.core.management import call_command
from django.core.management.base import BaseCommand

from courses.demo import DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = (
        "Load the founding article with its references (load_seed), then the published demo course and a demo "
        "instructor account (idempotent: safe to run again)."
    )

    def handle(self, *args, **options):
        call_command("load_seed", stdout=self.stdout, verbosity=options["verbosity"])
        course, password = demo_load()
        if options["verbosity"] == 0:
            return
        self.stdout.write(f"Demo course: {course} at {course.get_absolute_url()}")
        if password:
            self.stdout.write(
                f"Demo instructor created. Sign in at /admin/ as {DEMO_USERNAME} with password: {password}\n"
                "(shown only this once; `manage.py changepassword demo-instructor` sets a new one)"
            )
        else:
            self.stdout.write(f"Demo instructor {DEMO_USERNAME} already exists; password unchanged.")
