from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from courses.concurrency import VersionedFormMixin, VersionedModelForm
from courses.editor import editor_urls, syllabus_url
from courses.forms import ISODateField
from courses.models import Course, ReadingItem, Unit, courses_changed
from courses.permissions import InstructorScopedAdminMixin
from courses.services import course_duplicate
from courses.widgets import PreloadedAutocompleteSelect, preload_choices
from lbc_site.roles import may_teach
from lbc_site.rules import BOUNDED_RELATION_FIELDS, lookup_id
from literature.models import Article, Citation, Reference, Theme


class UnitInline(SortableTabularInline):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    model = Unit
    form = VersionedModelForm
    extra = 0
    fields = ("title", "date", "readings", "seen_version")
    readonly_fields = ("readings",)
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_count=Count("items"))

    @admin.display(description=_("Readings"))
    def readings(self, unit):
        if not unit.pk:
            return _("Save, then add readings")
        url = reverse("admin:courses_unit_change", args=[unit.pk])
        return format_html('<a href="{}">{} reading(s): edit</a>', url, unit.item_count)


class CourseAdminForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Course
        fields = ("code", "title", "slug", "term", "start_date", "language", "citation_style", "status",
                  "target_minutes_per_week", "description", "instructors")  # fmt: skip

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if "instructors" in self.fields:
            self.fields["instructors"].required = False
            self.fields["instructors"].queryset = get_user_model().objects.filter(may_teach()).distinct()


class DuplicateForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=60, help_text=_("The new term, e.g. Spring 2028."))
    start_date = ISODateField(
        label=_("Start date"),
        help_text=_("First day of the new term (YYYY-MM-DD). Every unit date moves by the same distance."),
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = list(courses)

    def clean_term(self):
        term = self.cleaned_data["term"].strip()
        same = [course for course in self.courses if course.term.strip().casefold() == term.casefold()]
        if same:
            raise forms.ValidationError(
                f"{same[0]} is already for {same[0].term}: give the new term, e.g. the next semester's name."
            )
        return term


@admin.register(Course)
class CourseAdmin(InstructorScopedAdminMixin, SortableAdminBase, admin.ModelAdmin):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    form = CourseAdminForm
    list_display = (
        "code",
        "title",
        "term",
        "start_date",
        "status",
        "instructor_names",
        "unit_count",
        "syllabus_link",
        "public_link",
    )
    list_display_links = ("code", "title")
    list_filter = ("status", "term", "language")
    search_fields = ("code", "title", "term", "slug")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("instructors",)
    inlines = [UnitInline]
    actions = ["publish", "unpublish", "archive", "duplicate_for_new_term"]
    readonly_fields = ("preview", "reading_load", "theme_coverage", "unused_references")
    fieldsets = [
        (
            None,
            {
                "fields": (
                    "code",
                    "title",
                    "slug",
                    "term",
                    "start_date",
                    "language",
                    "citation_style",
                    "status",
                    "target_minutes_per_week",
                    "preview",
                    "seen_version",
                )
            },
        ),
        (_("Description and team"), {"fields": ("description", "instructors")}),
        (_("Syllabus overview"), {"fields": ("reading_load", "theme_coverage", "unused_references")}),
    ]

    class Media:
        css = {"all": ["css/admin-syllabus.css"]}

    def get_urls(self):
        return editor_urls(self.admin_site.admin_view) + super().get_urls()

    def get_form(self, request, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)

        class RequestForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, request=request, **inner)

        return RequestForm

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(unit_total=Count("units")).prefetch_related("instructors")

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser changes who teaches a course (README, "For instructors").
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, "instructors")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            form.instance.instructors.add(request.user)

    @admin.display(description=_("Instructors"))
    def instructor_names(self, course):
        return ", ".join(user.get_full_name() or user.get_username() for user in course.instructors.all())

    @admin.display(description=_("Units"), ordering="unit_total")
    def unit_count(self, course):
        return course.unit_total

    @admin.display(description=_("Syllabus"))
    def syllabus_link(self, course):
        return format_html('<a href="{}">Edit syllabus</a>', syllabus_url(course))

    @admin.display(description=_("Page"))
    def public_link(self, course):
        label = _("View") if course.status == Course.Status.PUBLISHED else _("Preview")
        return format_html('<a href="{}">{}</a>', course.get_absolute_url(), label)

    @admin.display(description=_("Public page"))
    def preview(self, course):
        if not course.pk:
            return _("Available after the first save.")
        label = (
            _("Open the public page") if course.status == Course.Status.PUBLISHED else _("Preview (only instructors)")
        )
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', course.get_absolute_url(), label)

    def _overview(self, course):
        """Units, load and coverage computed once per page, in four queries (the page's budget is 10): the units
        with their readings and references (no authors: nothing here shows them), the themes marked covered or
        not, and the founding article's citations."""
        if not hasattr(course, "_overview"):
            units = list(course.units_with_readings(themes=False, authors=False))
            in_course = ReadingItem.objects.filter(unit__course=course, reference__themes=OuterRef("pk"))
            themes = list(Theme.objects.annotate(covered=Exists(in_course)))
            used = {item.reference_id for unit in units for item in unit.items.all()}
            founding = Article.objects.order_by("-published", "pk").values("pk")[:1]  # Article.objects.founding()
            citations = Citation.objects.filter(article=Subquery(founding)).select_related("reference")
            course._overview = {
                "load": course.reading_load(units),
                "coverage": {
                    "covered": [theme for theme in themes if theme.covered],
                    "missing": [theme for theme in themes if not theme.covered],
                },
                "unused": [c for c in citations.order_by("number") if c.reference_id not in used],
            }
        return course._overview

    @admin.display(description=_("Reading load per unit"))
    def reading_load(self, course):
        return self._overview_part(course, "_reading_load.html", "rows", "load")

    @admin.display(description=_("Themes of the article"))
    def theme_coverage(self, course):
        return self._overview_part(course, "_theme_coverage.html", "coverage", "coverage")

    @admin.display(description=_("Article references not used yet"))
    def unused_references(self, course):
        return self._overview_part(course, "_unused_references.html", "unused", "unused")

    def _overview_part(self, course, template: str, name: str, part: str) -> str:
        """The overview's `part`, rendered by `template` as `name`; nothing to show before the first save."""
        if not course.pk:
            return "—"
        return render_to_string(f"admin/courses/course/{template}", {name: self._overview(course)[part]})

    @admin.action(description=_("Publish selected courses"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Course.Status.PUBLISHED)

    @admin.action(description=_("Unpublish selected courses (back to draft)"))
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Course.Status.DRAFT)

    @admin.action(description=_("Archive selected courses"))
    def archive(self, request, queryset):
        self._set_status(request, queryset, Course.Status.ARCHIVED)

    def _set_status(self, request, queryset, status):
        course_ids = list(queryset.values_list("pk", flat=True))
        count = Course.objects.filter(pk__in=course_ids).update(status=status, updated=timezone.now())
        courses_changed(course_ids, statuses_changed=True)  # QuerySet.update() sends no signal (versioning.py)
        message = ngettext("%(count)s course now %(status)s.", "%(count)s courses now %(status)s.", count)
        self.message_user(
            request, message % {"count": count, "status": Course.Status(status).label.lower()}, messages.SUCCESS
        )

    @admin.action(description=_("Duplicate for a new term"))
    def duplicate_for_new_term(self, request, queryset):
        form = DuplicateForm(request.POST if "apply" in request.POST else None, courses=queryset)
        copies = None
        if form.is_valid():
            try:
                with transaction.atomic():
                    copies = [
                        course_duplicate(course=course, user=request.user, **form.cleaned_data)
                        for course in queryset.prefetch_related("instructors")
                    ]
            except ValidationError as error:
                form.add_error("start_date", error)
        if copies is not None:
            self.message_user(
                request,
                ngettext(
                    "Created %(count)s draft copy: %(slugs)s", "Created %(count)s draft copies: %(slugs)s", len(copies)
                )
                % {"count": len(copies), "slugs": ", ".join(copy.slug for copy in copies)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Duplicate for a new term"),
            "opts": self.model._meta,
            "courses": queryset,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/courses/course/duplicate.html", context)


class CourseFilter(admin.SimpleListFilter):
    """Course filter that lists only the courses the user may see (never other instructors' titles)."""

    title = _("course")
    parameter_name = "course"

    def lookups(self, request, model_admin):
        return [(course.pk, str(course)) for course in Course.objects.taught_by(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            course_id = lookup_id(self.value())
            return queryset.filter(course_id=course_id) if course_id is not None else queryset.none()
        return queryset


class ReadingItemInline(SortableTabularInline):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    model = ReadingItem
    form = VersionedModelForm
    extra = 0
    fields = ("reference", "importance", "pages", "section", "minutes", "note", "seen_version")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reference")

    # Narrow inputs so a row of the readings table fits beside the admin's sidebar.
    compact_widgets = {
        "note": forms.Textarea(attrs={"rows": 2, "cols": 28}),
        "pages": forms.TextInput(attrs={"size": 9}),
        "section": forms.TextInput(attrs={"size": 16}),
        "minutes": forms.NumberInput(),
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.compact_widgets:
            kwargs["widget"] = self.compact_widgets[db_field.name]
        if db_field.name == "reference":
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site)
            # Another instructor's private reference cannot be picked (literature/visibility.py).
            kwargs["queryset"] = Reference.objects.visible_to(request.user)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "reference":
            # Deleting a library reference from a reading row would be a surprise; edit it in References.
            formfield.widget.can_delete_related = False
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset_class = super().get_formset(request, obj, **kwargs)

        class PreloadingFormSet(formset_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                preload_choices(self, "reference", Reference.objects.prefetch_related("authors"))

        return PreloadingFormSet


@admin.register(Unit)
class UnitAdmin(InstructorScopedAdminMixin, SortableAdminBase, admin.ModelAdmin):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    course_lookup = "course__"
    list_display = ("title", "course", "date", "position", "reading_count")
    list_filter = (CourseFilter,)
    list_select_related = ("course",)
    search_fields = ("title", "course__title", "course__code")
    form = VersionedModelForm
    inlines = [ReadingItemInline]
    fields = ("course", "title", "date", "summary", "learning_goals", "seen_version")

    class Media:
        css = {"all": ["css/admin-syllabus.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "course":
            kwargs["queryset"] = Course.objects.taught_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Readings"), ordering="item_total")
    def reading_count(self, unit):
        return unit.item_total
