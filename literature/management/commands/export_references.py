from django.core.management.base import BaseCommand, CommandError

from courses.models import Course, ReadingItem
from literature.citations import DEFAULT_STYLE, STYLES, bibliography_document
from literature.formats import WRITERS, csljson
from literature.formats.record import ReferenceRecord
from literature.models import Article, Citation, Reference


class Command(BaseCommand):
    help = (
        "Write references to standard output in a bibliography format (CSL-JSON, BibTeX, RIS) or as a formatted "
        "bibliography (text, HTML) in a CSL style: "
        "an article's list in citation order, a course's reading list in unit order, or all of them."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--article", metavar="SLUG", help="The article's references, with their numbers.")
        source.add_argument("--course", metavar="SLUG", help="The course's readings, unit by unit, each once.")
        parser.add_argument("--format", choices=sorted(OUTPUTS), default="csljson")
        parser.add_argument(
            "--style", choices=list(STYLES), default=DEFAULT_STYLE, help="CSL style for --format text or html."
        )

    def handle(self, *args, **options):
        if options["article"] and options["course"]:  # call_command() does not enforce the argparse group
            raise CommandError("Give --article or --course, not both.")
        if options["style"] not in STYLES:  # nor argparse choices
            raise CommandError(f"Unknown style {options['style']!r}; choose from: {', '.join(STYLES)}.")
        if options["article"]:
            references, numbers = article_references(options["article"])
        elif options["course"]:
            references, numbers = course_references(options["course"])
        else:
            references = list(Reference.objects.prefetch_related("authors").order_by("key"))
            numbers = [None] * len(references)
        records = [ReferenceRecord.from_reference(reference) for reference in references]
        self.stdout.write(OUTPUTS[options["format"]](records, numbers, options["style"]), ending="")


def _formatted(output: str):
    def write(records, numbers, style):
        return bibliography_document([csljson.record_to_csl(record) for record in records], style, output)

    return write


def _file_format(name: str):
    def write(records, numbers, style):
        return WRITERS[name](records, numbers)

    return write


# --format name -> write(records, numbers, style): the data formats ignore the style.
OUTPUTS = {**{name: _file_format(name) for name in WRITERS}, "text": _formatted("text"), "html": _formatted("html")}


def article_references(slug: str) -> tuple[list[Reference], list[int | None]]:
    """The article's references in citation order, with their citation numbers."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        raise CommandError(f"No article with slug {slug!r}.")
    citations = Citation.objects.filter(article=article).select_related("reference")
    citations = citations.prefetch_related("reference__authors").order_by("number")
    return [citation.reference for citation in citations], [citation.number for citation in citations]


def course_references(slug: str) -> tuple[list[Reference], list[int | None]]:
    """The course's readings in unit and reading order; a reference read in several units comes once, first time."""
    course = Course.objects.filter(slug=slug).first()
    if course is None:
        raise CommandError(f"No course with slug {slug!r}.")
    items = ReadingItem.objects.filter(unit__course=course).select_related("reference")
    items = items.prefetch_related("reference__authors").order_by("unit__position", "unit__pk", "position", "pk")
    first_reading: dict[int, Reference] = {}
    for item in items:
        first_reading.setdefault(item.reference_id, item.reference)
    references = list(first_reading.values())
    return references, [None] * len(references)
