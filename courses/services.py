"""Operations that write several rows at once, shared by the admin, the syllabus editor, the API and commands."""

import datetime
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from courses.models import MINUTES_PER_PAGE, Course, ReadingItem, Unit, courses_changed
from lbc_site.roles import is_instructor
from literature.models import Article, Reference, Theme

# A term at the end of a slug, e.g. "-autumn-2027" or "-2027-28", which a copy for a new term replaces.
TERM_SUFFIX = re.compile(r"-(?:(?:spring|summer|autumn|fall|winter|term|semester)-)?\d{4}(?:-\d{2,4})?$")


class StaleEdit(Exception):
    """Someone else changed the object since the editor's page showed it."""

    def __init__(self, obj):
        self.obj = obj
        label = {Unit: "unit", ReadingItem: "reading", Course: "course"}.get(type(obj), "item")
        super().__init__(
            f"Someone else changed this {label} since you opened the page, so your change was not saved. "
            "What you see now is the current version; make your change again if it is still needed."
        )


def stamp(obj) -> str:
    """The version of a row that the editor sends back with an edit: its `updated` time."""
    return obj.updated.isoformat() if obj.updated else ""


def check_stamp(obj, sent: str | None) -> None:
    """Refuse an edit made on an older version of `obj` (optimistic concurrency)."""
    if sent is None or sent != stamp(obj):
        raise StaleEdit(obj)


@transaction.atomic
def course_duplicate(*, course: Course, term: str, start_date: datetime.date, user) -> Course:
    """Copy a course with its units and readings for a new term, as a draft, every date shifted.

    Unit dates move by the distance between the old and new start dates; without an old start
    date there is nothing to measure from, so unit dates are left empty for the instructor.
    """
    shift = start_date - course.start_date if course.start_date else None
    units = list(course.units.prefetch_related("items"))
    try:
        new_dates = [unit.date + shift if unit.date and shift is not None else None for unit in units]
    except OverflowError:
        raise ValidationError(
            "Moving the unit dates by the same distance takes some of them outside the years 1 to 9999; "
            "choose another start date.",
            code="date_range",
        ) from None
    instructors = list(course.instructors.all())
    copy = Course.objects.create(
        code=course.code,
        title=course.title,
        slug=_free_slug(f"{base_slug(course.slug, course.term)}-{term}"),
        term=term,
        start_date=start_date,
        description=course.description,
        language=course.language,
        status=Course.Status.DRAFT,
        target_minutes_per_week=course.target_minutes_per_week,
    )
    team = set(instructors)
    if not user.is_superuser or not team:  # an administrator helping out does not join the teaching team
        team.add(user)
    copy.instructors.set(team)
    for unit, new_date in zip(units, new_dates, strict=True):
        new_unit = Unit.objects.create(
            course=copy,
            position=unit.position,
            title=unit.title,
            date=new_date,
            summary=unit.summary,
            learning_goals=unit.learning_goals,
        )
        ReadingItem.objects.bulk_create(
            ReadingItem(
                unit=new_unit,
                reference_id=item.reference_id,
                position=item.position,
                importance=item.importance,
                pages=item.pages,
                section=item.section,
                minutes=item.minutes,
                note=item.note,
            )
            for item in unit.items.all()
        )
    return copy


def base_slug(slug: str, term: str) -> str:
    """The course's slug without its term, so that copies do not pile terms up (soc-101-autumn-2027 -> soc-101)."""
    term_slug = slugify(term)
    if term_slug and slug.endswith(f"-{term_slug}"):
        return slug[: -len(term_slug) - 1]
    stripped = TERM_SUFFIX.sub("", slug)
    return stripped or slug


def _free_slug(wanted: str) -> str:
    base = slugify(wanted)[:110] or "course"
    taken = set(Course.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug


# The syllabus editor's operations. Each checks what a form cannot (same course, not twice in a unit) and
# raises ValidationError with a message for the instructor; the caller has already checked who may edit.


def _renumber(objects: Sequence, model, *, course_id: int) -> None:
    """Positions 1..n in the given order, in one query (bulk_update sends no signal: bump the course's version,
    and only its: the order of one course's readings shows nowhere else)."""
    changed = []
    for position, obj in enumerate(objects, start=1):
        if obj.position != position:
            obj.position = position
            changed.append(obj)
    if changed:
        model.objects.bulk_update(changed, ["position"])
        courses_changed([course_id])


@transaction.atomic
def unit_create(*, course: Course, title: str, date: datetime.date | None = None) -> Unit:
    last = course.units.aggregate(last=Max("position"))["last"] or 0
    return Unit.objects.create(course=course, title=title, date=date, position=last + 1)


@transaction.atomic
def unit_add_reading(
    *, unit: Unit, reference: Reference, importance: str = ReadingItem.Importance.REQUIRED, **fields
) -> ReadingItem:
    """Add a reference to the end of a unit's readings; refused if the unit already has it."""
    if unit.items.filter(reference=reference).exists():
        raise ValidationError(f"“{reference.title[:80]}” is already a reading in {unit.title}.", code="duplicate")
    last = unit.items.aggregate(last=Max("position"))["last"] or 0
    item = ReadingItem(unit=unit, reference=reference, importance=importance, position=last + 1, **fields)
    item.full_clean(exclude=["unit", "reference"], validate_constraints=False)
    item.save()
    return item


@transaction.atomic
def reading_move(*, item: ReadingItem, unit: Unit, position: int) -> None:
    """Move a reading to `position` (1-based, clamped) among `unit`'s readings, within the same course."""
    if unit.course_id != item.unit.course_id:
        raise ValidationError("A reading can only move to a unit of the same course.", code="other_course")
    source = item.unit
    target_items = [other for other in unit.items.select_for_update() if other.pk != item.pk]
    if unit.pk != source.pk and any(other.reference_id == item.reference_id for other in target_items):
        raise ValidationError(f"{unit.title} already has this reading.", code="duplicate")
    index = min(max(position, 1), len(target_items) + 1) - 1
    target_items.insert(index, item)
    if unit.pk != source.pk:
        item.unit = unit
        item.save(update_fields=["unit", "updated"])
        _renumber([other for other in source.items.all() if other.pk != item.pk], ReadingItem, course_id=unit.course_id)
    else:
        item.save(update_fields=["updated"])
    _renumber(target_items, ReadingItem, course_id=unit.course_id)


@transaction.atomic
def unit_move(*, unit: Unit, position: int) -> None:
    """Move a unit to `position` (1-based, clamped) in its course."""
    others = [other for other in unit.course.units.select_for_update() if other.pk != unit.pk]
    index = min(max(position, 1), len(others) + 1) - 1
    others.insert(index, unit)
    unit.save(update_fields=["updated"])
    _renumber(others, Unit, course_id=unit.course_id)


@transaction.atomic
def units_reorder(*, course: Course, unit_ids: Sequence[int]) -> None:
    """Put the course's units in the given order; the ids must be exactly the course's units."""
    units = {unit.pk: unit for unit in course.units.select_for_update()}
    if sorted(unit_ids) != sorted(units):
        raise ValidationError(
            "The units changed since the page was shown (one was added or removed); nothing was moved.",
            code="stale_order",
        )
    _renumber([units[pk] for pk in unit_ids], Unit, course_id=course.pk)


@transaction.atomic
def reading_remove(*, item: ReadingItem) -> None:
    unit = item.unit
    item.delete()
    _renumber(list(unit.items.all()), ReadingItem, course_id=unit.course_id)


# Drafting a course from the article (manage.py draft_syllabus, and "New course from the article" in the admin).

# A work without a page count (most theses and reports) cannot be timed; as a unit's only required reading it is
# assigned in part, for at most this long.
PARTIAL_READING_MINUTES = 45
PARTIAL_READING_SECTION = "Abstract, introduction and conclusion"


@transaction.atomic
def course_draft_from_article(
    *,
    weeks: int,
    minutes_per_week: int,
    instructor,
    title: str = "",
    themes: Sequence[str] = (),
    code: str = "DRAFT",
    term: str = "Not scheduled yet",
) -> Course:
    """A draft course with one unit per theme, its readings chosen from the founding article's references.

    Themes are the slugs given, in that order, or else the first `weeks` themes in the article's order. Each
    unit's required reading fits `minutes_per_week` (ReadingItem.estimated_minutes: 5 minutes a page); every
    theme gets at least one required reading; no reference is used twice; the theme's other references follow
    as recommended reading (those with a time estimate) or further reading (long works without one).
    """
    if weeks < 1:
        raise ValidationError("A course needs at least one week.", code="weeks")
    if minutes_per_week < 10:
        raise ValidationError("Give at least 10 minutes of reading per week.", code="minutes")
    if minutes_per_week > 2400:
        raise ValidationError("More than 40 hours of reading a week is not a plan; give fewer minutes.", code="minutes")
    if not is_instructor(instructor):
        raise ValidationError(f"{instructor.get_username()} is not an instructor.", code="instructor")
    article = Article.objects.founding()
    if article is None:
        raise ValidationError("There is no article to start from: run manage.py load_seed first.", code="article")
    chosen = _chosen_themes(list(themes), weeks)
    plan = _plan_readings(article, chosen, minutes_per_week)

    course = Course.objects.create(
        code=code,
        title=title or f"{article.title}: a reading course",
        slug=_free_slug(title or f"{article.slug}-course"),
        term=term,
        status=Course.Status.DRAFT,
        target_minutes_per_week=minutes_per_week,
        description=f"Drafted from the reading list of {article.authors}, “{article.title}” ({article.journal}).",
    )
    course.instructors.set([instructor])
    for position, (theme, readings) in enumerate(zip(chosen, plan, strict=True), start=1):
        unit = Unit.objects.create(
            course=course, position=position, title=f"Week {position}: {theme.name}", summary=theme.description
        )
        ReadingItem.objects.bulk_create(
            ReadingItem(unit=unit, position=n, **reading) for n, reading in enumerate(readings, start=1)
        )
    courses_changed([course.pk], statuses_changed=True)  # bulk_create sends no signal
    return course


def _chosen_themes(slugs: list[str], weeks: int) -> list[Theme]:
    all_themes = list(Theme.objects.all())
    if not slugs:
        if weeks > len(all_themes):
            raise ValidationError(
                f"{weeks} weeks but the article has {len(all_themes)} themes: one unit per theme, so at most "
                f"{len(all_themes)} weeks.",
                code="weeks",
            )
        return all_themes[:weeks]
    by_slug = {theme.slug: theme for theme in all_themes}
    unknown = [slug for slug in slugs if slug not in by_slug]
    if unknown:
        raise ValidationError(
            f"Unknown theme: {', '.join(unknown)}. Themes are: {', '.join(by_slug)}.", code="unknown_theme"
        )
    if len(set(slugs)) != len(slugs):
        raise ValidationError("A theme is named twice: one unit per theme.", code="repeated_theme")
    if weeks != len(slugs):
        raise ValidationError(
            f"{weeks} weeks but {len(slugs)} themes chosen: one unit per theme, so choose {weeks} themes "
            f"or ask for {len(slugs)} weeks.",
            code="weeks",
        )
    return [by_slug[slug] for slug in slugs]


def _plan_readings(article: Article, themes: list[Theme], budget: int) -> list[list[dict]]:
    """The readings of each theme's unit, as ReadingItem field values, following course_draft_from_article's rules."""
    citations = article.cited_references()
    on_theme = {theme.pk: [] for theme in themes}
    for citation in citations:
        for theme in citation.reference.themes.all():
            if theme.pk in on_theme:
                on_theme[theme.pk].append(citation.reference)
    minutes = {ref.pk: ReadingItem(reference=ref).estimated_minutes() for c in citations for ref in [c.reference]}
    used: set[int] = set()
    plans = {theme.pk: [] for theme in themes}
    spent = dict.fromkeys(on_theme, 0)

    def fits(ref, theme) -> bool:
        return minutes[ref.pk] is not None and spent[theme.pk] + minutes[ref.pk] <= budget

    def take(theme, ref, **fields) -> None:
        used.add(ref.pk)
        plans[theme.pk].append({"reference": ref, "importance": ReadingItem.Importance.REQUIRED, **fields})
        spent[theme.pk] += fields.get("minutes") or minutes[ref.pk] or 0

    # 1. Every theme gets one required reading, the scarcest themes choosing first.
    def estimable(theme):
        return sum(minutes[ref.pk] is not None for ref in on_theme[theme.pk])

    for theme in sorted(themes, key=lambda theme: (estimable(theme), theme.position)):
        free = [ref for ref in on_theme[theme.pk] if ref.pk not in used]
        if not free:
            raise ValidationError(
                f"Every reference on {theme.name} is already used by another unit; choose fewer themes.",
                code="no_reference",
            )
        timed = [ref for ref in free if minutes[ref.pk] is not None]
        fitting = [ref for ref in timed if fits(ref, theme)]
        if fitting:
            take(theme, fitting[0])
        elif timed:  # too long for the week as a whole: its first pages only
            ref = min(timed, key=lambda ref: minutes[ref.pk])
            take(theme, ref, pages=_first_pages(ref.pages, budget // MINUTES_PER_PAGE))
        else:
            take(theme, free[0], section=PARTIAL_READING_SECTION, minutes=min(budget, PARTIAL_READING_MINUTES))
    # 2. More required reading while the week's time allows, in the article's order.
    for theme in themes:
        for ref in on_theme[theme.pk]:
            if ref.pk not in used and fits(ref, theme):
                take(theme, ref)
    # 3. The theme's other references: recommended when they can be timed, further reading when they cannot.
    for theme in themes:
        for ref in on_theme[theme.pk]:
            if ref.pk not in used:
                used.add(ref.pk)
                importance = ReadingItem.Importance.RECOMMENDED if minutes[ref.pk] else ReadingItem.Importance.FURTHER
                plans[theme.pk].append({"reference": ref, "importance": importance})
    return [plans[theme.pk] for theme in themes]


def _first_pages(pages: str, count: int) -> str:
    """The first `count` pages of a printed range such as "93-110" (a work too long for one week)."""
    start = int(re.match(r"\s*(\d+)", pages)[1])
    return f"{start}-{start + max(count, 1) - 1}" if count > 1 else str(start)
