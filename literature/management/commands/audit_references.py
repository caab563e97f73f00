import json
from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from literature import audit
from literature.models import FindingKind, Severity

PLURALS = {Severity.ERROR: "errors", Severity.WARNING: "warnings", Severity.INFO: "info"}


class Command(BaseCommand):
    help = (
        "Audit every reference (malformed links, DOIs, years, authors, types, duplicates, importer flags, "
        "broken links found by check_links), store the findings for the admin and print them by reference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument("--strict", action="store_true", help="Exit with status 1 when any problem is found.")

    def handle(self, *args, **options):
        reports = audit.run()
        if options["format"] == "json":
            self.stdout.write(json.dumps(as_json(reports), ensure_ascii=False, indent=2))
        else:
            self.write_text(reports)
        found = sum(len(report.problems) for report in reports)
        if options["strict"] and found:
            raise CommandError(f"{found} problem(s) found (--strict).", returncode=1)

    def write_text(self, reports: list[audit.ReferenceReport]) -> None:
        flagged = [report for report in reports if report.problems]
        if not flagged:
            self.stdout.write(f"No problems found in {len(reports)} references.")
            return
        for report in flagged:
            number = f"[{report.number}] " if report.number is not None else ""
            self.stdout.write(f"{number}{report.reference.key} — {report.reference.title}")
            for problem in report.problems:
                self.stdout.write(f"  {problem.severity!s:<8} {FindingKind(problem.kind).label}: {problem.message}")
            self.stdout.write("")
        severities = Counter(problem.severity for report in flagged for problem in report.problems)
        counts = ", ".join(
            f"{severities[s]} {PLURALS[s] if severities[s] > 1 else s}" for s in Severity if severities[s]
        )
        self.stdout.write(
            f"{sum(severities.values())} finding(s) in {len(flagged)} of {len(reports)} references ({counts}). "
            "They are also listed in the admin under Audit findings."
        )


def as_json(reports: list[audit.ReferenceReport]) -> list[dict]:
    return [
        {
            "number": report.number,
            "key": report.reference.key,
            "title": report.reference.title,
            "kind": str(problem.kind),
            "severity": str(problem.severity),
            "message": problem.message,
        }
        for report in reports
        for problem in report.problems
    ]
