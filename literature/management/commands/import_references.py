from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lbc_site.collector import spares_older_objects
from literature.formats import PARSERS, ParseError, parse
from literature.models import Article
from literature.services import references_import


class Command(BaseCommand):
    help = "Import a reference list: numbered text as printed in an article, CSL-JSON, BibTeX or RIS. All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=sorted(PARSERS), default="text")
        parser.add_argument("--article", metavar="SLUG", help="Cite the entries in this article under their numbers.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")

    @spares_older_objects
    def handle(self, *args, **options):
        article = None
        if options["article"]:
            article = Article.objects.filter(slug=options["article"]).first()
            if article is None:
                raise CommandError(f"No article with slug {options['article']!r}.")
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        try:
            records = parse(data, options["format"])
        except ParseError as error:
            problems = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"Nothing imported from {options['file']}:\n{problems}") from None
        outcomes = references_import(records=records, article=article, dry_run=options["dry_run"])
        self.stdout.write(summarise(outcomes))
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")


def summarise(outcomes) -> str:
    lines = []
    for index, outcome in enumerate(outcomes, start=1):
        record = outcome.record
        label = f"{record.number if record.number is not None else index:>4}"
        title = record.title if len(record.title) <= 60 else record.title[:59] + "…"
        lines.append(f"{label}  {outcome.action:<9} {record.type:<16} {record.year or '----'}  {title}")
        lines.extend(f"        ! {warning}" for warning in record.warnings)
    counts = {action: sum(o.action == action for o in outcomes) for action in ("created", "updated", "unchanged")}
    flagged = sum(bool(o.record.warnings) for o in outcomes)
    lines.append(
        f"{len(outcomes)} entries: {counts['created']} created, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged; {flagged} flagged for review."
    )
    return "\n".join(lines)
