"""The demo course and demo instructor that `load_demo` creates, from courses/seed/demo_course.json."""

import datetime
import json
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from courses.models import Course, ReadingItem, Unit
from lbc_site.roles import instructor_group
from literature.models import Citation
from literature.seeding import ARTICLE_SLUG

DEMO_FILE = Path(__file__).resolve().parent / "seed" / "demo_course.json"
# The same references taught in Chinese: course language zh-hans, cited in GB/T 7714 unless the reader chooses.
DEMO_FILE_ZH = Path(__file__).resolve().parent / "seed" / "demo_course_zh.json"
DEMO_USERNAME = "demo-instructor"


@transaction.atomic
def demo_load() -> tuple[Course, str | None]:
    """Create or update the demo courses (in English and in Chinese); returns the English one and the new
    instructor's password (None if they existed)."""
    instructor, password = _demo_instructor()
    course = _course_load(DEMO_FILE, instructor)
    _course_load(DEMO_FILE_ZH, instructor)
    return course, password


def _course_load(path: Path, instructor) -> Course:
    data = json.loads(path.read_text(encoding="utf-8"))
    fields = dict(data["course"], status=Course.Status.PUBLISHED)
    fields["start_date"] = datetime.date.fromisoformat(fields["start_date"])
    course = _sync(Course, {"slug": fields.pop("slug")}, fields)
    course.instructors.add(instructor)
    references = dict(Citation.objects.filter(article__slug=ARTICLE_SLUG).values_list("number", "reference_id"))
    for position, unit_data in enumerate(data["units"], start=1):
        unit = _sync(
            Unit,
            {"course": course, "position": position},
            {
                "title": unit_data["title"],
                "date": course.start_date + datetime.timedelta(weeks=position - 1),
                "summary": unit_data["summary"],
                "learning_goals": unit_data["learning_goals"],
            },
        )
        wanted = []
        for item_position, reading in enumerate(unit_data["readings"], start=1):
            item = _sync(
                ReadingItem,
                {"unit": unit, "reference_id": references[reading["number"]]},
                {
                    "position": item_position,
                    "importance": reading["importance"],
                    "pages": reading.get("pages", ""),
                    "section": reading.get("section", ""),
                    "minutes": reading.get("minutes"),
                    "note": reading.get("note", ""),
                },
            )
            wanted.append(item.pk)
        unit.items.exclude(pk__in=wanted).delete()
    course.units.filter(position__gt=len(data["units"])).delete()
    return course


def _demo_instructor():
    user, created = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"first_name": "Demo", "last_name": "Instructor", "is_staff": True},
    )
    password = None
    if created:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save()
    user.groups.add(instructor_group())
    return user, password


def _sync(model, lookup: dict, values: dict):
    """get_or_create that saves only when a value differs, so a second run writes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed + (["updated"] if hasattr(obj, "updated") else []))
    return obj
