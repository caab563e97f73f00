import datetime
import functools
import hashlib
import re
import statistics

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from lbc_site.rules import integer_max
from literature.citations import STYLES
from literature.models import ContentVersion, Reference, link_state_annotations

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
        ENGLISH = "en", _("English")
        CHINESE = "zh-hans", _("Simplified Chinese")

    code = models.CharField(_("code"), max_length=30, help_text=_("The course code students know, e.g. SOC 2150."))
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The course's web address: letters, numbers and hyphens.")
    )
    term = models.CharField(_("term"), max_length=60, help_text=_("e.g. Spring 2027."))
    start_date = models.DateField(
        _("start date"),
        null=True,
        blank=True,
        help_text=_("First day of teaching; duplicating the course shifts unit dates from it."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown. Shown at the top of the public course page.")
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, default=Language.ENGLISH)
    citation_style = models.CharField(
        _("default citation style"),
        max_length=64,
        blank=True,
        choices=list(STYLES.items()),
        help_text=_(
            "The style students see this course's citations in unless they choose another one (their "
            "choice wins). Empty: the site's default, Vancouver."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Only published courses are visible to students."),
    )
    instructors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        related_name="courses_taught",
        help_text=_("Everyone listed can edit this course. Only an administrator (superuser) changes this list."),
    )
    target_minutes_per_week = models.PositiveSmallIntegerField(
        _("target reading minutes per unit"),
        default=180,
        validators=[MinValueValidator(10), MaxValueValidator(2400)],
        help_text=_("How much reading you expect per unit (week); the syllabus editor flags units above it."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-start_date", "title"]

    def __str__(self):
        return f"{self.code} {self.title} ({self.term})"

    def get_absolute_url(self):
        return reverse("courses:course_detail", args=[self.slug])

    def is_taught_by(self, user) -> bool:
        """Uses the prefetched instructor list when there is one."""
        return user.is_superuser or any(instructor.pk == user.pk for instructor in self.instructors.all())

    def units_with_readings(self, *, themes: bool = True, authors: bool = True):
        """Units in order with items, references, and (unless not wanted) authors and themes: a fixed number of
        queries."""
        return self.units.prefetch_related(readings_prefetch(themes=themes, authors=authors))

    def units_with_stamp(self) -> tuple[list["Unit"], str]:
        """The units in order (their readings not read yet: prefetch readings_prefetch() when needed) and a digest
        of everything the syllabus shows of them, in one query: each unit as saved, each reading's place, when it
        and its reference were saved, and the audit's findings (the link states come from them). Equal digests,
        equal syllabus."""
        connection = connections[self.units.db]
        sql, unit_fields, converters = _syllabus_stamp_query(self.units.db)
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.pk])
            rows = cursor.fetchall()
        units, digest = {}, hashlib.blake2b(digest_size=16)
        saved = unit_fields.index("updated")
        for row in rows:
            if row[0] not in units:
                # The database's values as they come (cheaper to read and digest), converted for the unit only.
                values = list(row[: len(unit_fields)])
                for position, (functions, expression) in converters.items():
                    for function in functions:
                        values[position] = function(values[position], expression, connection)
                values[saved] = _saved_at(values[saved])
                units[row[0]] = unit = Unit.from_db(self.units.db, unit_fields, values)
                unit.course = self
                digest.update(repr(row[: len(unit_fields)]).encode())
            digest.update(repr(row[len(unit_fields) :]).encode())
        return list(units.values()), digest.hexdigest()

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
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="units")
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True, validators=[integer_max()])
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(
        _("date"), null=True, blank=True, help_text=_("The session's date, or the Monday of its week.")
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown. What the unit is about."))
    learning_goals = models.TextField(
        _("learning goals"), blank=True, help_text=_("Markdown. One goal per bullet point.")
    )
    # Compared when a form, an API client or the syllabus editor saves: a save based on an older version is
    # refused (no lost updates).
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
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

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="items")
    reference = models.ForeignKey(
        Reference,
        verbose_name=_("reference"),
        on_delete=models.PROTECT,
        related_name="reading_items",
        help_text=_(
            "Type an author, words of the title, a year, a DOI or the article's reference number. "
            "Add theme:family (or another theme's name) to search within a theme."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0, db_index=True, validators=[integer_max()])
    importance = models.CharField(
        _("importance"), max_length=12, choices=Importance.choices, default=Importance.REQUIRED
    )
    pages = models.CharField(
        _("pages"),
        max_length=60,
        blank=True,
        validators=[validate_page_range],
        help_text=_("Pages to read, e.g. 12-30 or 12-15, 20-22. Leave empty to read the whole work."),
    )
    section = models.CharField(
        _("section"), max_length=200, blank=True, help_text=_("Chapter or section to read, if not pages.")
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_READING_MINUTES)],
        help_text=format_lazy(
            _(
                "Estimated reading time. If empty: {minutes} minutes per page of the pages to read, "
                "or of the work's own page range when no pages are given; no estimate when neither is known."
            ),
            minutes=MINUTES_PER_PAGE,
        ),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Markdown. Why to read it, what to look for."))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reading item")
        verbose_name_plural = _("reading items")
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

    def page_locator(self) -> str:
        """The pages to read as a reader writes them: "p. 4" for one page, "pp. 12-30" for more; "" for none."""
        if not self.pages:
            return ""
        if page_count(self.pages) == 1:
            return _("p. %(pages)s") % {"pages": self.pages.strip()}
        return _("pp. %(pages)s") % {"pages": self.pages.strip()}

    def page_total(self) -> int | None:
        return page_count(self.pages or self.reference.pages) if (self.pages or self.reference.pages) else None

    def estimated_minutes(self) -> int | None:
        if self.minutes:
            return self.minutes
        pages = self.page_total()
        return pages * MINUTES_PER_PAGE if pages else None


def _saved_at(text: str) -> datetime.datetime:
    """A timestamp cast to text: PostgreSQL's ("2026-12-01 23:49:44.514+00", in the connection's UTC) or SQLite's
    (the naive UTC time Django stored)."""
    value = datetime.datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


@functools.cache
def _syllabus_stamp_query(alias: str) -> tuple[str, list[str], dict]:
    """Course.units_with_stamp's SQL (its one parameter the course's id), the unit's fields it starts with and
    their converters: made once per database, as compiling it costs more than running it."""
    fields = [field.attname for field in Unit._meta.concrete_fields]
    # The unit's save time as text too: it comes with every row (one per author of each reading), and only the
    # unit built from its first row needs it as a datetime (units_with_stamp).
    unit_saved = {"unit_saved": Cast("updated", models.TextField())}
    authors, findings = "items__reference__authors", "items__reference__audit_findings"
    # Authors as they are (a name can change without its reference's row). The findings joined rather than tested
    # with EXISTS (as readings_prefetch does): a third of the cost, and a finding of another kind only makes the
    # digest change more often than needed.
    # The readings' and references' save times as the database writes them: only compared, never shown, and
    # making datetimes of them took half the query's time on PostgreSQL.
    stamps = {name: Cast(f"{name}__updated", models.TextField()) for name in ("items", "items__reference")}
    query = (
        Unit.objects.filter(course_id=0)
        .annotate(**unit_saved, item_saved=stamps["items"], reference_saved=stamps["items__reference"])
        .order_by("position", "pk", "items__position", "items__pk", f"{authors}__pk", f"{findings}__pk")
        .values_list(
            *("unit_saved" if name == "updated" else name for name in fields),
            *("items__pk", "items__position", "item_saved", "items__reference_id", "reference_saved"),
            *(f"{authors}__{name}" for name in ("pk", "position", "family", "given", "literal", "original")),
            *(f"{findings}__{name}" for name in ("pk", "kind", "link")),
        )
        .query
    )
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    assert list(params) == [0], params  # the course's id, the one parameter
    converters = compiler.get_converters([column for column, _, _ in compiler.select[: len(fields)]])
    return sql, fields, converters


def readings_prefetch(*, themes: bool = True, authors: bool = True) -> models.Prefetch:
    """Units' readings in order with their references, the audit's link states and (unless not wanted) authors and
    themes: one query each."""
    related = ["reference__authors"] if authors else []
    related += ["reference__themes"] if themes else []
    return models.Prefetch(
        "items",
        queryset=ReadingItem.objects.select_related("reference")
        .annotate(**link_state_annotations("reference"))  # links the audit finds broken, in the same query
        .prefetch_related(*related),
    )


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
    scopes = [COURSES, *(course_scope(pk) for pk in course_ids)]
    if _may_change_who_sees_references(instance, course_ids):
        scopes.append(ContentVersion.LIBRARY)
    return scopes


def _may_change_who_sees_references(instance, course_ids) -> bool:
    """Publishing, unpublishing or assigning can make a reference an instructor added public or private again
    (references_assigned_in_published_courses), and that changes the library's pages. References nobody added
    through the admin (the article's, an administrator's imports) are public whatever courses do, so an edit
    that touches only those leaves the library cached."""
    if isinstance(instance, ReadingItem):
        return Reference.objects.filter(pk=instance.reference_id, added_by__isnull=False).exists()
    if isinstance(instance, Course | Unit):
        return _read_added_references(course_ids)
    return False


def _read_added_references(course_ids) -> bool:
    """Whether these courses read a reference an instructor added: one whose visibility courses decide."""
    return ReadingItem.objects.filter(unit__course__in=course_ids, reference__added_by__isnull=False).exists()


def courses_changed(course_ids, *, statuses_changed: bool = False) -> None:
    """Bump the versions of these courses after a write that sends no signal (QuerySet.update). A change of
    status can also change which references are public (see course_scopes)."""
    scopes = [COURSES, *(course_scope(pk) for pk in course_ids)]
    if statuses_changed and _read_added_references(course_ids):
        scopes.append(ContentVersion.LIBRARY)
    ContentVersion.bump(*scopes)


# Registered with literature.visibility in CoursesConfig.ready(): what courses add to who sees a reference.


def references_assigned_in_published_courses() -> Q:
    """A reference a published course assigns is public."""
    published = ReadingItem.objects.filter(reference=OuterRef("pk"), unit__course__status=Course.Status.PUBLISHED)
    return Q(Exists(published))  # EXISTS: see literature.visibility.public_condition


def references_read_in_courses_taught_by(user) -> Q:
    """The instructors of a course (draft or archived too) see the private references it reads."""
    return Q(Exists(ReadingItem.objects.filter(reference=OuterRef("pk"), unit__course__instructors=user)))
