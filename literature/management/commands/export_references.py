from django.core.management.base import BaseCommand, CommandError

from literature.citations import DEFAULT_STYLE, STYLES
from literature.exports import BODY_FORMS, references_body
from literature.models import Article, Reference


def add_format_arguments(parser) -> None:
    """--format and --style, shared with the commands of apps built on this one (courses' export_course)."""
    parser.add_argument("--format", choices=sorted(BODY_FORMS), default="csljson")
    parser.add_argument(
        "--style", choices=list(STYLES), default=DEFAULT_STYLE, help="CSL style for --format text or html."
    )


def write_references(command: BaseCommand, references, numbers, options) -> None:
    if options["style"] not in STYLES:  # call_command() does not enforce argparse choices
        raise CommandError(f"Unknown style {options['style']!r}; choose from: {', '.join(STYLES)}.")
    command.stdout.write(references_body(references, options["format"], options["style"], numbers), ending="")


class Command(BaseCommand):
    help = (
        "Write references to standard output in a bibliography format (CSL-JSON, BibTeX, RIS) or as a formatted "
        "bibliography (text, HTML) in a CSL style: an article's list in citation order, or every reference. "
        "A course's reading list: `manage.py export_course`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", metavar="SLUG", help="The article's references, with their numbers.")
        add_format_arguments(parser)

    def handle(self, *args, **options):
        if options["article"]:
            references, numbers = article_references(options["article"])
        else:
            references = list(Reference.objects.prefetch_related("authors").order_by("key"))
            numbers = None
        write_references(self, references, numbers, options)


def article_references(slug: str) -> tuple[list[Reference], list[int]]:
    """The article's references in citation order, with their citation numbers."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise CommandError(f"No article with slug {slug!r}.")
    citations = list(article.cited_references())
    return [citation.reference for citation in citations], [citation.number for citation in citations]
