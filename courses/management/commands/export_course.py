from django.core.management.base import BaseCommand, CommandError

from courses.exports import course_references
from courses.models import Course
from literature.management.commands.export_references import add_format_arguments, write_references


class Command(BaseCommand):
    help = (
        "Write a course's reading list to standard output, unit by unit and each reference once, in a bibliography "
        "format (CSL-JSON, BibTeX, RIS) or as a formatted bibliography (text, HTML) in a CSL style."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The course's slug, as in its address /courses/SLUG/.")
        add_format_arguments(parser)

    def handle(self, *args, **options):
        course = Course.objects.filter(slug=options["slug"]).first()
        if course is None:
            raise CommandError(f"No course with slug {options['slug']!r}.")
        write_references(self, course_references(course.units_with_readings()), None, options)
