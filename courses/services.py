import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from courses.models import Course, ReadingItem, Unit


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
        slug=_free_slug(f"{course.slug}-{term}"),
        term=term,
        start_date=start_date,
        description=course.description,
        language=course.language,
        status=Course.Status.DRAFT,
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


def _free_slug(wanted: str) -> str:
    base = slugify(wanted)[:110] or "course"
    taken = set(Course.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 1
    while slug in taken:
        suffix += 1
        slug = f"{base}-{suffix}"
    return slug
