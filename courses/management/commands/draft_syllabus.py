"""Draft a course from the article: one unit per theme, readings that fit the weekly time. Prints its slug."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from courses.services import course_draft_from_article


class Command(BaseCommand):
    help = (
        "Create a draft course from the article's references: one unit per theme (in the article's theme order, "
        "or as given with --theme), each unit's required reading within --minutes-per-week. Prints the slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("--weeks", type=int, required=True, help="Number of units, one per theme.")
        parser.add_argument("--minutes-per-week", type=int, required=True, help="Required reading per unit.")
        parser.add_argument("--instructor", required=True, help="Username of the course's instructor.")
        parser.add_argument("--title", default="", help="The course's title (default: from the article).")
        parser.add_argument(
            "--theme", action="append", default=[], dest="themes", help="A theme's slug; repeat, in teaching order."
        )

    def handle(self, *args, weeks, minutes_per_week, instructor, title, themes, **options):
        user = get_user_model().objects.filter(username=instructor).first()
        if user is None:
            raise CommandError(f"No user named {instructor!r}.")
        try:
            course = course_draft_from_article(
                weeks=weeks, minutes_per_week=minutes_per_week, instructor=user, title=title, themes=themes
            )
        except ValidationError as invalid:
            raise CommandError(" ".join(invalid.messages)) from None
        self.stdout.write(course.slug)
