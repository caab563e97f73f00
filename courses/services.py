"""Operations that write several rows at once, shared by the admin, the syllabus editor, the API and commands."""

import datetime
import re
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from courses.models import Course, ReadingItem, Unit
from literature.models import ContentVersion, Reference

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
    for unit in units:
        new_unit = Unit.objects.create(
            course=copy,
            position=unit.position,
            title=unit.title,
            date=unit.date + shift if unit.date and shift is not None else None,
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


def _renumber(objects: Sequence, model) -> None:
    """Positions 1..n in the given order, in one query (bulk_update sends no signal: bump the version)."""
    changed = []
    for position, obj in enumerate(objects, start=1):
        if obj.position != position:
            obj.position = position
            changed.append(obj)
    if changed:
        model.objects.bulk_update(changed, ["position"])
        ContentVersion.bump()


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
        _renumber([other for other in source.items.all() if other.pk != item.pk], ReadingItem)
    else:
        item.save(update_fields=["updated"])
    _renumber(target_items, ReadingItem)


@transaction.atomic
def unit_move(*, unit: Unit, position: int) -> None:
    """Move a unit to `position` (1-based, clamped) in its course."""
    others = [other for other in unit.course.units.select_for_update() if other.pk != unit.pk]
    index = min(max(position, 1), len(others) + 1) - 1
    others.insert(index, unit)
    unit.save(update_fields=["updated"])
    _renumber(others, Unit)


@transaction.atomic
def units_reorder(*, course: Course, unit_ids: Sequence[int]) -> None:
    """Put the course's units in the given order; the ids must be exactly the course's units."""
    units = {unit.pk: unit for unit in course.units.select_for_update()}
    if sorted(unit_ids) != sorted(units):
        raise ValidationError(
            "The units changed since the page was shown (one was added or removed); nothing was moved.",
            code="stale_order",
        )
    _renumber([units[pk] for pk in unit_ids], Unit)


@transaction.atomic
def reading_remove(*, item: ReadingItem) -> None:
    unit = item.unit
    item.delete()
    _renumber(list(unit.items.all()), ReadingItem)
