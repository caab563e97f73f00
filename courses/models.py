import re
import statistics

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lbc_site.rules import integer_max
from literature.models import ContentVersion, Reference

COURSES = "courses"  # the content-version scope of anything shown about courses in general (lists, "Assigned in")


COURSE_SCOPE_PREFIX = "course:"


def course_scope(course_id) -> str:
    """The content-version scope of one course's pages and exports."""
    return f"{COURSE_SCOPE_PREFIX}{course_id}"


def course_scope_sql(id_column: str) -> str:
    """course_scope() in SQL, of a course id column (the same on SQLite and PostgreSQL)."""
    return f"'{COURSE_SCOPE_PREFIX}' || {id_column}"


MINUTES_PER_PAGE = 5
# A unit is flagged as heavy when its reading time is this many times the course's median.
HEAVY_UNIT_FACTOR = 1.5

# No single reading is longer than this; a bigger number is a typing slip (minutes for hours, a page number).
MAX_READING_MINUTES = 600
MAX_PAGE_NUMBER = 9999

PAGE_RANGE = re.compile(r"^\s*(\d+)\s*(?:[-–—]\s*(\d+))?\s*$")


def page_count(pages: str) -> int | None:
    """Pages in a printed range such as "12-30", "5" or "12-15, 20-22"; None when it is not a page range."""
    total = 0
    for part in pages.split(","):
        match = PAGE_RANGE.match(part)
        if not match:
            return None
        start, end = int(match[1]), int(match[2] or match[1])
        if end < start:
            return None
        total += end - start + 1
    return total


def validate_page_range(value: str) -> None:
    for part in value.split(","):
        match = PAGE_RANGE.match(part)
        if not match:
            raise ValidationError(
                "Give pages as a range such as 12-30, a single page such as 5, or several ranges: 12-15, 20-22.",
                code="page_format",
            )
        if match[2] and int(match[2]) < int(match[1]):
            raise ValidationError(f"The range {part.strip()} ends before it starts.", code="page_order")
        if int(match[1]) == 0:
            raise ValidationError("Pages are numbered from 1.", code="page_zero")
        if int(match[2] or match[1]) > MAX_PAGE_NUMBER:
            raise ValidationError(
                f"Page {int(match[2] or match[1])} is beyond any reading's length (at most {MAX_PAGE_NUMBER}).",
                code="page_too_high",
            )


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Course.Status.PUBLISHED)

    def taught_by(self, user):
        if user.is_superuser:
            return self
        return self.filter(instructors=user)

    def visible_to(self, user):
        """Published courses for everyone; drafts and archived ones also for their instructors (previews)."""
        if user.is_superuser:
            return self
        if user.is_authenticated:
            return self.filter(Q(status=Course.Status.PUBLISHED) | Q(instructors=user)).distinct()
        return self.published()


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        CHINESE = "zh-hans", "Simplified Chinese"

    code = models.CharField(max_length=30, help_text="The course code students know, e.g. SOC 2150.")
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The course's web address: letters, numbers and hyphens."
    )
    term = models.CharField(max_length=60, help_text="e.g. Spring 2027.")
    start_date = models.DateField(
        null=True, blank=True, help_text="First day of teaching; duplicating the course shifts unit dates from it."
    )
    description = models.TextField(blank=True, help_text="Markdown. Shown at the top of the public course page.")
    language = models.CharField(max_length=10, choices=Language.choices, default=Language.ENGLISH)
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published courses are visible to students.",
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="courses_taught",
        help_text="Everyone listed can edit this course. Only an administrator (superuser) changes this list.",
    )
    target_minutes_per_week = models.PositiveSmallIntegerField(
        "target reading minutes per unit",
        default=180,
        validators=[MinValueValidator(10), MaxValueValidator(2400)],
        help_text="How much reading you expect per unit (week); the syllabus editor flags units above it.",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self):
        return f"{self.code} {self.title} ({self.term})"

    def get_absolute_url(self):
        return reverse("courses:course_detail", args=[self.slug])

    def is_taught_by(self, user) -> bool:
        """Uses the prefetched instructor list when there is one."""
        return user.is_superuser or any(instructor.pk == user.pk for instructor in self.instructors.all())

    def units_with_readings(self, *, themes: bool = True):
        """Units in order with items, references, authors and (unless not wanted) themes: a fixed number of
        queries."""
        related = ["reference__authors", "reference__themes"] if themes else ["reference__authors"]
        return self.units.prefetch_related(
            models.Prefetch(
                "items", queryset=ReadingItem.objects.select_related("reference").prefetch_related(*related)
            )
        )

    def reading_load(self, units=None) -> list[dict]:
        """Minutes and pages per unit, each flagged when far above the course's median unit."""
        units = list(units if units is not None else self.units_with_readings())
        rows = [
            {
                "unit": unit,
                "minutes": sum(item.estimated_minutes() or 0 for item in unit.items.all()),
                "required_minutes": sum(
                    item.estimated_minutes() or 0
                    for item in unit.items.all()
                    if item.importance == ReadingItem.Importance.REQUIRED
                ),
                "pages": sum(item.page_total() or 0 for item in unit.items.all()),
                "unestimated": sum(item.estimated_minutes() is None for item in unit.items.all()),
            }
            for unit in units
        ]
        median = statistics.median([row["minutes"] for row in rows]) if rows else 0
        target = self.target_minutes_per_week
        for row in rows:
            row["heavy"] = median > 0 and row["minutes"] > HEAVY_UNIT_FACTOR * median
            # Students are asked for the required reading; the target is measured against it.
            row["over_target"] = bool(target) and row["required_minutes"] > target
            row["percent_of_target"] = round(100 * row["required_minutes"] / target) if target else 0
        return rows

    def theme_coverage(self, themes, units=None) -> dict:
        """Which of the given themes the course's readings cover, and which not."""
        units = units if units is not None else self.units_with_readings()
        used = {theme.pk for unit in units for item in unit.items.all() for theme in item.reference.themes.all()}
        return {
            "covered": [theme for theme in themes if theme.pk in used],
            "missing": [theme for theme in themes if theme.pk not in used],
        }


class Unit(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(default=0, db_index=True, validators=[integer_max()])
    title = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True, help_text="The session's date, or the Monday of its week.")
    summary = models.TextField(blank=True, help_text="Markdown. What the unit is about.")
    learning_goals = models.TextField(blank=True, help_text="Markdown. One goal per bullet point.")
    # Compared when a form, an API client or the syllabus editor saves: a save based on an older version is
    # refused (no lost updates).
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.course.get_absolute_url()}#unit-{self.pk}"


class ReadingItem(models.Model):
    class Importance(models.TextChoices):
        REQUIRED = "required", _("Required")
        RECOMMENDED = "recommended", _("Recommended")
        FURTHER = "further", _("Further reading")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="items")
    reference = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        related_name="reading_items",
        help_text="Type an author, words of the title, a year, a DOI or the article's reference number. "
        "Add theme:family (or another theme's name) to search within a theme.",
    )
    position = models.PositiveIntegerField(default=0, db_index=True, validators=[integer_max()])
    importance = models.CharField(max_length=12, choices=Importance.choices, default=Importance.REQUIRED)
    pages = models.CharField(
        max_length=60,
        blank=True,
        validators=[validate_page_range],
        help_text="Pages to read, e.g. 12-30 or 12-15, 20-22. Leave empty to read the whole work.",
    )
    section = models.CharField(max_length=200, blank=True, help_text="Chapter or section to read, if not pages.")
    minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_READING_MINUTES)],
        help_text=f"Estimated reading time. If empty: {MINUTES_PER_PAGE} minutes per page of the pages to read, "
        "or of the work's own page range when no pages are given; no estimate when neither is known.",
    )
    note = models.TextField(blank=True, help_text="Markdown. Why to read it, what to look for.")
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "reference"],
                name="reading_item_once_per_unit",
                violation_error_message="This reference is already a reading in this unit.",
            )
        ]

    def __str__(self):
        return f"{self.get_importance_display()}: {self.reference.title}"

    def page_total(self) -> int | None:
        return page_count(self.pages or self.reference.pages) if (self.pages or self.reference.pages) else None

    def estimated_minutes(self) -> int | None:
        if self.minutes:
            return self.minutes
        pages = self.page_total()
        return pages * MINUTES_PER_PAGE if pages else None


def course_scopes(instance) -> list[str]:
    """The content-version scopes a saved or deleted row of the courses app (or a user) changes."""
    course_ids = []
    if isinstance(instance, Course):
        course_ids = [instance.pk]
    elif isinstance(instance, Unit):
        course_ids = [instance.course_id]
    elif isinstance(instance, ReadingItem):
        course_ids = list(Unit.objects.filter(pk=instance.unit_id).values_list("course_id", flat=True))
    elif instance is not None and hasattr(instance, "courses_taught"):  # a user: the courses they teach
        course_ids = list(instance.courses_taught.values_list("pk", flat=True))
    return [COURSES, *(course_scope(pk) for pk in course_ids)]


def courses_changed(course_ids) -> None:
    """Bump the versions of these courses after a write that sends no signal (QuerySet.update)."""
    ContentVersion.bump(COURSES, *(course_scope(pk) for pk in course_ids))
