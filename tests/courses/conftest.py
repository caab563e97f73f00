import datetime

import pytest
from django import forms

from courses.models import Course, ReadingItem, Unit
from literature.models import Citation


def reference(article, number):
    return Citation.objects.get(article=article, number=number).reference


@pytest.fixture
def make_course(seeded):
    """A course taught by the given instructors, with units of readings given by article reference numbers."""

    def make(*instructors, slug="soc-101", status=Course.Status.DRAFT, units=((5, 3), (14,)), start=None):
        course = Course.objects.create(
            code="SOC 101",
            title=f"Course {slug}",
            slug=slug,
            term="Spring 2027",
            start_date=start or datetime.date(2027, 3, 1),
            status=status,
        )
        course.instructors.set(instructors)
        for position, numbers in enumerate(units, start=1):
            unit = Unit.objects.create(
                course=course,
                position=position,
                title=f"Week {position}",
                date=course.start_date + datetime.timedelta(weeks=position - 1),
            )
            for item_position, number in enumerate(numbers, start=1):
                ReadingItem.objects.create(unit=unit, reference=reference(seeded, number), position=item_position)
        return course

    return make


def admin_form_data(response) -> dict:
    """The POST data an admin change form would send back unchanged, inlines and management forms included."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
                data[key] = [str(v) for v in value or []]
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is None:
                data[key] = ""
            elif isinstance(value, datetime.date):
                data[key] = value.isoformat()
            elif hasattr(value, "pk"):
                data[key] = str(value.pk)
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
