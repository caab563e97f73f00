from django.core.management.base import BaseCommand, CommandError

from literature import audit, linkcheck
from literature.models import Reference


class Command(BaseCommand):
    help = (
        "Visit each reference's URL and DOI link (HEAD, then GET if HEAD is refused), record the status, "
        "the final URL or the error, and refresh the audit findings, where broken links are listed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=4, help="Links visited at once (default 4).")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for a server (default 10).")
        parser.add_argument(
            "--delay", type=float, default=1.0, help="Minimum seconds between two requests to one host (default 1)."
        )
        parser.add_argument("--limit", type=int, help="Check only the first N references, in the article's order.")

    def handle(self, *args, **options):
        if options["concurrency"] < 1 or options["timeout"] <= 0 or options["delay"] < 0:
            raise CommandError("--concurrency must be at least 1, --timeout above 0 and --delay not negative.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        references = list(Reference.objects.in_article_order()[: options["limit"]])
        checks = linkcheck.check_references(
            references, concurrency=options["concurrency"], timeout=options["timeout"], delay=options["delay"]
        )
        audit.run(Reference.objects.filter(pk__in=[reference.pk for reference in references]))

        numbers = {reference.pk: reference.first_number for reference in references}
        broken = [check for check in checks if check.is_broken()]
        for check in checks:
            if check.is_broken() or options["verbosity"] >= 2:
                number = numbers[check.reference_id]
                label = f"[{number}] " if number is not None else ""
                redirected = f" → {check.final_url}" if check.final_url and check.final_url != check.url else ""
                self.stdout.write(f"{label}{check.reference.key} {check.get_link_display()}: {check.outcome()}")
                self.stdout.write(f"    {check.url}{redirected}")
        self.stdout.write(
            f"Checked {len(checks)} link(s) of {len(references)} reference(s): {len(checks) - len(broken)} working, "
            f"{len(broken)} broken. Broken links are listed as audit findings (manage.py audit_references)."
        )
