import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import F, Max

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
        parser.add_argument(
            "--max-seconds",
            type=float,
            help="Time budget for a scheduled run: start no new reference after this many seconds. References "
            "checked longest ago (or never) go first, so runs that stop early cover the library in turn.",
        )

    def handle(self, *args, **options):
        if options["concurrency"] < 1 or options["timeout"] <= 0 or options["delay"] < 0:
            raise CommandError("--concurrency must be at least 1, --timeout above 0 and --delay not negative.")
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        budget = options["max_seconds"]
        if budget is not None and budget <= 0:
            raise CommandError("--max-seconds must be above 0.")
        ordered = Reference.objects.in_article_order()
        if budget is not None:
            ordered = ordered.annotate(last_checked=Max("link_checks__checked_at")).order_by(
                F("last_checked").asc(nulls_first=True), *ordered.query.order_by
            )
        selected = list(ordered[: options["limit"]])
        references, checks = self.check_in_batches(selected, budget, options)
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
        if len(references) < len(selected):
            self.stdout.write(
                f"Stopped at the time budget (--max-seconds {budget:g}): {len(selected) - len(references)} "
                "reference(s) left for the next run."
            )

    def check_in_batches(self, references: list, budget: float | None, options) -> tuple[list, list]:
        """Check a few references at a time until all are done or the budget is spent; progress on a terminal."""
        deadline = None if budget is None else time.monotonic() + budget
        batch_size = max(options["concurrency"] * 2, 8)
        done, checks = [], []
        show_progress = self.stdout.isatty()
        for start in range(0, len(references), batch_size):
            if deadline is not None and time.monotonic() >= deadline:
                break
            batch = references[start : start + batch_size]
            checks += linkcheck.check_references(
                batch, concurrency=options["concurrency"], timeout=options["timeout"], delay=options["delay"]
            )
            done += batch
            if show_progress:
                self.stdout.write(f"\rChecked {len(done)} of {len(references)} references…", ending="")
                self.stdout.flush()
        if show_progress:
            self.stdout.write("")
        return done, checks
