"""The syllabus editor: one admin page per course with its outline, reading load, theme coverage and a
reference browser, and small POST actions that each change one thing and answer with the page's new state.

Every action checks that the user teaches the course (404 otherwise, the same as for a course that does not
exist), that each id sent belongs to this course, and that the object's `updated` stamp is the one the page
showed (409 otherwise). htmx requests get the workspace fragment; plain form posts (no JavaScript) get a
redirect back to the page, or the whole page with the problem shown.
"""

from collections import defaultdict
from urllib.parse import urlencode

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Window, prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from courses import services
from courses.forms import DraftSyllabusForm, ReadingEditForm, UnitForm
from courses.models import Course, ReadingItem, Unit
from lbc_site.roles import is_instructor
from literature.filters import ReferenceFilter
from literature.models import Reference, Theme, attach_themes
from literature.paging import page_number

RESULTS_PER_PAGE = 12
FILTER_FIELDS = ("q", "theme", "type", "language", "year_min", "year_max", "cited", "unused", "page")


class EditorReferenceFilter(ReferenceFilter):
    """The library's search and filters, and two that only make sense beside a course."""

    cited = django_filters.BooleanFilter(
        label=_("Cited by the article"), method="filter_cited", widget=forms.CheckboxInput
    )
    unused = django_filters.BooleanFilter(
        label=_("Not yet in this course"), method="filter_unused", widget=forms.CheckboxInput
    )

    class Meta(ReferenceFilter.Meta):
        fields = [*ReferenceFilter.Meta.fields, "cited", "unused"]

    def __init__(self, *args, course: Course, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.course = course
        if themes is not None:  # the page has them already: no query of its own for the choices
            self.filters["theme"].extra["choices"] = [(theme.slug, theme.display_name) for theme in themes]
        for name, field in self.form.fields.items():
            field.widget.attrs.setdefault("id", f"find-{name}")

    def filter_cited(self, queryset, name, value):
        # first_number is set exactly when an article cites the reference; no join, so no duplicate rows.
        return queryset.filter(first_number__isnull=False) if value else queryset

    def filter_unused(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(reading_items__unit__course=self.course)


class EditorError(Exception):
    """A refused action: the message to show, the HTTP status, and where on the page it belongs."""

    def __init__(self, message: str, *, status: int = 422, anchor: str = "", form=None):
        super().__init__(message)
        self.message, self.status, self.anchor, self.form = message, status, anchor, form


def editor_urls(admin_view) -> list:
    return [
        path("from-the-article/", admin_view(draft_page), name="courses_course_draft"),
        path("<int:pk>/syllabus/", admin_view(syllabus_page), name="courses_course_syllabus"),
        path("<int:pk>/syllabus/<slug:action>/", admin_view(syllabus_action), name="courses_course_syllabus_action"),
    ]


def _course_or_404(request, pk) -> Course:
    course = Course.objects.taught_by(request.user).filter(pk=pk).first()
    if course is None:  # someone else's course looks exactly like one that does not exist
        raise Http404("No course with that ID that you can edit.")
    return course


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def syllabus_page(request, pk):
    course = _course_or_404(request, pk)
    if _is_htmx(request) and request.GET.get("part") == "results":
        context = _context(request, course, request.GET)
        return TemplateResponse(request, "admin/courses/course/syllabus/_results.html", context)
    return TemplateResponse(request, "admin/courses/course/syllabus/page.html", _context(request, course, request.GET))


def draft_page(request):
    """ "New course from the article": the draft generator's form; the new course opens in the editor."""
    if not is_instructor(request.user):
        raise Http404("Only instructors create courses.")
    form = DraftSyllabusForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            course = services.course_draft_from_article(
                weeks=data["weeks"],
                minutes_per_week=data["minutes_per_week"],
                instructor=request.user,
                title=data["title"],
                themes=[theme.slug for theme in data["themes"]],
            )
        except ValidationError as invalid:
            form.add_error(None, invalid)
        else:
            messages.success(
                request,
                gettext("Drafted %(title)s: %(count)s units. Edit it below.")
                % {"title": course.title, "count": course.units.count()},
            )
            return redirect("admin:courses_course_syllabus", course.pk)
    context = {
        "title": gettext("New course from the article"),
        "form": form,
        "opts": Course._meta,
        "has_permission": True,
    }
    return TemplateResponse(request, "admin/courses/course/draft.html", context, status=422 if form.errors else 200)


def syllabus_action(request, pk, action):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("No such editing action.")
    course = _course_or_404(request, pk)
    try:
        message = handler(request, course)
    except EditorError as refused:
        return _answer(request, course, status=refused.status, error=refused)
    except services.StaleEdit as stale:
        anchor = f"{'unit' if isinstance(stale.obj, Unit) else 'item'}-{stale.obj.pk}"
        return _answer(request, course, status=409, error=EditorError(str(stale), status=409, anchor=anchor))
    if not _is_htmx(request):
        messages.success(request, message)
        return redirect("admin:courses_course_syllabus", course.pk)
    return _answer(request, course, status=200, message=message)


def _answer(request, course, *, status: int, message: str = "", error: EditorError | None = None):
    context = _context(request, course, request.POST, message=message, error=error)
    template = "_workspace.html" if _is_htmx(request) else "page.html"
    return TemplateResponse(request, f"admin/courses/course/syllabus/{template}", context, status=status)


# Reading and writing what the actions send.


def _int(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit() or len(value) > 12:
        raise EditorError(f"The request did not say which {name} (expected a number).", status=400)
    return int(value)


def _unit(request, course: Course, name: str = "unit") -> Unit:
    unit = Unit.objects.filter(pk=_int(request, name), course=course).first()
    if unit is None:
        raise EditorError("That unit is not part of this course (it may have been deleted).", status=404)
    return unit


def _item(request, course: Course) -> ReadingItem:
    item = (
        ReadingItem.objects.select_related("unit", "reference")
        .filter(pk=_int(request, "item"), unit__course=course)
        .first()
    )
    if item is None:
        raise EditorError("That reading is not part of this course (it may have been removed).", status=404)
    return item


def _check(obj, request) -> None:
    services.check_stamp(obj, request.POST.get("updated"))


def _validated(call, anchor: str):
    try:
        return call()
    except ValidationError as invalid:
        raise EditorError(" ".join(invalid.messages), anchor=anchor) from None


def add_reading(request, course):
    unit = _unit(request, course)
    reference = Reference.objects.filter(pk=_int(request, "reference")).first()
    if reference is None:
        raise EditorError(gettext("That reference is not in the library."), status=404)
    importance = request.POST.get("importance") or ReadingItem.Importance.REQUIRED
    if importance not in ReadingItem.Importance.values:
        raise EditorError(gettext("Importance must be required, recommended or further reading."))
    _validated(lambda: services.unit_add_reading(unit=unit, reference=reference, importance=importance), "results")
    return f"Added “{reference.title[:60]}” to {unit.title}."


def edit_reading(request, course):
    item = _item(request, course)
    _check(item, request)
    form = ReadingEditForm(request.POST, instance=item, auto_id=f"item-{item.pk}-%s")
    if not form.is_valid():
        raise EditorError(
            gettext("The reading was not saved: see the problems below."), anchor=f"item-{item.pk}", form=form
        )
    form.save()
    return f"Saved the reading “{item.reference.title[:60]}”."


def remove_reading(request, course):
    item = _item(request, course)
    _check(item, request)
    services.reading_remove(item=item)
    return f"Removed “{item.reference.title[:60]}” from {item.unit.title}."


def move_reading(request, course):
    item = _item(request, course)
    _check(item, request)
    direction = request.POST.get("direction", "")
    units = list(course.units.all())
    index = next(i for i, unit in enumerate(units) if unit.pk == item.unit_id)
    position = item.unit.items.filter(position__lt=item.position).count() + 1
    if direction in ("up", "down"):
        step = -1 if direction == "up" else 1
        count = item.unit.items.count()
        if 1 <= position + step <= count:
            target, position = item.unit, position + step
        elif 0 <= index + step < len(units):  # past the unit's edge: into the neighbouring unit
            target = units[index + step]
            position = 10**6 if step < 0 else 1
        else:
            raise EditorError(
                gettext("The reading is already the first of the course.")
                if step < 0
                else gettext("The reading is already the last of the course.")
            )
    else:
        target = _unit(request, course, "to_unit" if direction == "to" else "unit")
        position = _int(request, "position") if "position" in request.POST else 10**6
    _validated(lambda: services.reading_move(item=item, unit=target, position=position), f"item-{item.pk}")
    return f"Moved “{item.reference.title[:60]}” to {target.title}."


def add_unit(request, course):
    form = UnitForm(request.POST, auto_id="new-unit-%s")
    if not form.is_valid():
        raise EditorError(gettext("The unit was not added: see the problems below."), anchor="new-unit", form=form)
    unit = services.unit_create(course=course, **form.cleaned_data)
    return f"Added the unit {unit.title}."


def edit_unit(request, course):
    unit = _unit(request, course)
    _check(unit, request)
    form = UnitForm(request.POST, instance=unit, auto_id=f"unit-{unit.pk}-%s")
    if not form.is_valid():
        raise EditorError(
            gettext("The unit was not saved: see the problems below."), anchor=f"unit-{unit.pk}", form=form
        )
    form.save()
    return f"Saved the unit {unit.title}."


def move_unit(request, course):
    unit = _unit(request, course)
    _check(unit, request)
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        position = course.units.filter(position__lt=unit.position).count() + 1
        position += -1 if direction == "up" else 1
    else:
        position = _int(request, "position")
    services.unit_move(unit=unit, position=position)
    return f"Moved the unit {unit.title}."


def set_status(request, course):
    status = request.POST.get("status", "")
    if status not in (Course.Status.PUBLISHED, Course.Status.DRAFT):
        raise EditorError(gettext("Choose to publish the course or to take it back to draft."))
    _check(course, request)
    course.status = status
    course.save(update_fields=["status", "updated"])
    if status == "published":
        return gettext("The course is published: students can see it.")
    return gettext("The course is a draft.")


ACTIONS = {
    "add-reading": add_reading,
    "edit-reading": edit_reading,
    "remove-reading": remove_reading,
    "move-reading": move_reading,
    "add-unit": add_unit,
    "edit-unit": edit_unit,
    "move-unit": move_unit,
    "set-status": set_status,
}


# What the page shows: a fixed number of queries however many units, readings and references there are.


def _outline(course: Course) -> list[Unit]:
    items = (
        ReadingItem.objects.select_related("reference")
        .annotate(number=Min("reference__citations__number"))
        .prefetch_related("reference__audit_findings")  # authors: with the results' (_context)
        .order_by("position", "pk")  # explicit: Meta.ordering does not apply to a query with GROUP BY
    )
    return list(course.units.prefetch_related(Prefetch("items", queryset=items)))


def _results_page(queryset, number) -> Page:
    """The page of the reference browser, and the count of all results in the same query (a window function):
    the page stays within the admin's budget of 10 queries."""
    paginator = Paginator(queryset, RESULTS_PER_PAGE)
    number = int(number) if str(number or "").isdigit() and 0 < int(number) < 100_000 else 1
    start = (number - 1) * RESULTS_PER_PAGE
    rows = list(queryset.annotate(result_total=Window(Count("pk")))[start : start + RESULTS_PER_PAGE])
    paginator.count = rows[0].result_total if rows else (queryset.count() if number > 1 else 0)
    page = paginator.get_page(number)
    page.object_list = rows if page.number == number else list(page.object_list)  # a page past the last: the last
    return page


def _context(request, course: Course, data, *, message: str = "", error: EditorError | None = None) -> dict:
    if request.method == "POST":
        course = Course.objects.get(pk=course.pk)  # fresh after an action
    units = _outline(course)
    # Each theme marked covered or not in one query (the outline's references need no themes of their own).
    in_course = ReadingItem.objects.filter(unit__course=course, reference__themes=OuterRef("pk"))
    themes = list(Theme.objects.annotate(covered=Exists(in_course)))
    load = {row["unit"].pk: row for row in course.reading_load(units)}
    placed = defaultdict(list)  # reference id -> the numbers of the units that use it
    for number, unit in enumerate(units, start=1):
        unit.number, unit.load = number, load[unit.pk]
        unit.load["bar"] = min(unit.load["percent_of_target"], 100)
        unit.edit_form = UnitForm(instance=unit, auto_id=f"unit-{unit.pk}-%s")
        for item in unit.items.all():
            placed[item.reference_id].append(number)
            item.edit_form = ReadingEditForm(instance=item, auto_id=f"item-{item.pk}-%s")
    _attach_problem(units, error)
    finder = EditorReferenceFilter(
        {key: data.get(key) for key in FILTER_FIELDS if data.get(key)},
        queryset=Reference.objects.in_article_order(),
        course=course,
        themes=themes,
    )
    # page_number: ?page=0 or below is page 1 (Paginator.get_page would give the last page).
    found = finder.qs if finder.is_valid() else Reference.objects.none()
    page = _results_page(found.with_theme_ids(), page_number(data.get("page", 1)))
    references = list(page.object_list)
    attach_themes(references, themes)  # the themes loaded above: no query of their own
    # One query for the authors of the outline's references and the results'.
    prefetch_related_objects([*(item.reference for unit in units for item in unit.items.all()), *references], "authors")
    for reference in references:
        reference.in_units = placed.get(reference.pk, [])
    target_minutes = course.target_minutes_per_week
    return {
        "title": gettext("Syllabus: %(code)s %(title)s") % {"code": course.code, "title": course.title},
        "course": course,
        "opts": Course._meta,
        "units": units,
        "totals": {
            "required": sum(row["required_minutes"] for row in load.values()),
            "minutes": sum(row["minutes"] for row in load.values()),
            "pages": sum(row["pages"] for row in load.values()),
            "target": target_minutes * len(units),
        },
        "coverage": {
            "covered": [theme for theme in themes if theme.covered],
            "missing": [theme for theme in themes if not theme.covered],
        },
        "finder": finder,
        "results": page,
        "references": references,
        "chosen_unit": _chosen_unit(data, units),
        "new_unit_form": error.form if error and error.anchor == "new-unit" else UnitForm(auto_id="new-unit-%s"),
        "message": message,
        "error": error,
        "importance_choices": ReadingItem.Importance.choices,
        "finder_query": urlencode({key: value for key, value in finder.data.items() if key not in ("page", "part")}),
        "oob_results": _is_htmx(request),
        "has_permission": True,
        "is_nav_sidebar_enabled": False,
    }


def _attach_problem(units, error: EditorError | None) -> None:
    """Show a refusal beside the unit or reading it concerns, with the refused input and its errors where it
    was typed (a fresh form would lose it)."""
    anchor = error.anchor if error else ""
    for unit in units:
        unit.problem = error.message if anchor == f"unit-{unit.pk}" else ""
        if unit.problem and error.form is not None:
            unit.edit_form = error.form
        for item in unit.items.all():
            item.problem = error.message if anchor == f"item-{item.pk}" else ""
            if item.problem and error.form is not None:
                item.edit_form = error.form


def _chosen_unit(data, units) -> int | None:
    """The unit the reference browser adds to: the one last used, else the first."""
    wanted = data.get("unit") or data.get("to_unit")
    if wanted and str(wanted).isdigit() and any(unit.pk == int(wanted) for unit in units):
        return int(wanted)
    return units[0].pk if units else None


def syllabus_url(course: Course) -> str:
    return reverse("admin:courses_course_syllabus", args=[course.pk])
