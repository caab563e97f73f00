from functools import partial

from django.contrib import admin, messages
from django.db.models import Case, Q, When
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lbc_site.rules import BOUNDED_RELATION_FIELDS
from literature import audit
from literature.admin_import import reference_import_view
from literature.models import (
    Article,
    ArticleOrder,
    AuditFinding,
    Author,
    Citation,
    GlossaryTerm,
    LinkCheck,
    LinkRepair,
    Reference,
    Theme,
)
from literature.repairs import link_repairs_apply
from literature.search import title_first


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    fields = ("position", "family", "given", "literal", "original")

    # The author list is part of the reference: editable exactly when the reference is.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))


class ComputedInline(admin.TabularInline):
    """Rows the audit and link checker compute: shown, never typed in (the commands replace them)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditFindingInline(ComputedInline):
    model = AuditFinding
    fields = ("severity", "kind", "message", "proposed_url", "created")
    verbose_name_plural = "audit findings (refreshed by manage.py audit_references)"


class LinkCheckInline(ComputedInline):
    model = LinkCheck
    fields = ("link", "url", "outcome", "final_url", "checked_at")
    verbose_name_plural = "link checks (refreshed by manage.py check_links)"

    @admin.display(description=_("Result"))
    def outcome(self, link_check):
        return link_check.outcome()


class CitationNumberFilter(admin.SimpleListFilter):
    title = _("cited by an article")
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", _("Cited by an article")), ("no", _("Added by instructors"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citations__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(citations__isnull=True)
        return queryset


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    list_display = ("number", "title", "authors_display", "year", "type", "language", "needs_review")
    list_display_links = ("title",)
    list_filter = ("type", "themes", "language", "needs_review", CitationNumberFilter, "year")
    # A search or filter shows "N results" without a second count of the whole library ("of M total"): that
    # count grows with the library, and the glossary a search expands already takes its query.
    show_full_result_count = False
    # The search itself is the library's full-text index (get_search_results); the fields say what it covers.
    search_fields = ("title", "authors__family", "authors__literal", "container_title", "doi", "key")
    filter_horizontal = ("themes",)
    inlines = [AuthorInline, AuditFindingInline, LinkCheckInline]
    readonly_fields = ("created", "updated")
    fieldsets = [
        (None, {"fields": ("key", "type", "title", "genre", "language", "themes")}),
        (
            _("Source"),
            {"fields": ("container_title", "volume", "issue", "pages", "year", "publisher", "publisher_place")},
        ),
        (
            _("In the original language"),
            {
                "fields": ("original_title", "original_container_title"),
                "description": _(
                    "The title and journal as the work prints them in its own language (Chinese), from "
                    "the source itself. Authors' names in Chinese go in the authors' “name in original script”."
                ),
            },
        ),
        (_("Links"), {"fields": ("doi", "url")}),
        (_("As printed"), {"fields": ("citation_text", "needs_review", "review_notes", "created", "updated")}),
    ]

    def get_inlines(self, request, obj):
        # A reference not saved yet has no findings or link checks (and its add form then needs no formset for them).
        return [inline for inline in self.inlines if obj is not None or not issubclass(inline, ComputedInline)]

    def get_queryset(self, request):
        # Instructors find only references they may see: not another instructor's private ones (visibility.py).
        return super().get_queryset(request).visible_to(request.user).prefetch_related("authors").in_article_order()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        reference = form.instance
        reference.refresh_author_fields()
        if not form.cleaned_data.get("key"):
            # The key was made before the authors were saved; make it again from the first author.
            reference.key = Reference.objects.exclude(pk=reference.pk).free_key(
                first_author=reference.first_author_key, year=reference.year, title=reference.title
            )
            Reference.objects.filter(pk=reference.pk).update(key=reference.key)
        # After the authors (inline) are saved: the audit reads them.
        audit.refresh([reference.pk])

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Audit findings and link checks are computed from the reference and go with it: nobody deletes them by
        # hand, so the permission to do so must not stand in the way (they exist for every reference now that
        # saves and imports audit at once).
        perms_needed -= {AuditFinding._meta.verbose_name, LinkCheck._meta.verbose_name}
        return deleted, model_count, perms_needed, protected

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        audit.refresh([])  # a reference it duplicated is no longer a duplicate

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        audit.refresh([])

    def get_search_results(self, request, queryset, search_term):
        """The library's full-text search (title words, authors, journal, DOI, in English or Chinese), best
        matches first; also a reference by its article number or year; "theme:NAME" limits to a theme."""
        theme_terms = [word for word in search_term.split() if word.lower().startswith("theme:")]
        for word in theme_terms:
            name = word.split(":", 1)[1]
            queryset = queryset.filter(
                themes__in=Theme.objects.filter(Q(slug__icontains=name) | Q(name__icontains=name))
            )
        term = " ".join(word for word in search_term.split() if word not in theme_terms).strip()
        if not term:
            return queryset, False
        if not term.isdigit():
            found, matches = queryset.search_with_glossary(term)
            if matches and getattr(request.resolver_match, "url_name", "") == "literature_reference_changelist":
                messages.info(
                    request,
                    _("Glossary: also searched for %(terms)s")
                    % {"terms": "; ".join(f"{match.term} = {' / '.join(match.equivalents)}" for match in matches)},
                )
            return title_first(found, term).order_by("title_rank", ArticleOrder(), "key"), False
        # A number is also the article's reference number (those come first) or, with four digits, a year.
        number = int(term) if len(term) < 6 else -1
        found = Q(pk__in=queryset.search(term).values("pk")) | Q(first_number=number)
        if len(term) == 4:
            found |= Q(year=number)
        numbered_first = Case(When(first_number=number, then=0), default=1)
        results = title_first(queryset.filter(found), term)
        return results.order_by(numbered_first, "title_rank", ArticleOrder(), "key"), False

    def get_urls(self):
        import_view = self.admin_site.admin_view(partial(reference_import_view, model_admin=self))
        return [path("import/", import_view, name="literature_reference_import"), *super().get_urls()]

    @admin.display(description=_("No."), ordering="first_number")
    def number(self, reference):
        return reference.first_number

    @admin.display(description=_("Authors"))
    def authors_display(self, reference):
        return reference.author_label()


class CitationInline(admin.TabularInline):
    """The article's numbered list, read-only here: it comes from the importer (import_references / load_seed)."""

    model = Citation
    extra = 0
    fields = ("number", "reference")
    readonly_fields = ("number", "reference")
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reference").prefetch_related("reference__authors")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "authors", "journal", "published", "doi")
    search_fields = ("title", "authors", "doi", "keywords")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [CitationInline]


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    formfield_overrides = BOUNDED_RELATION_FIELDS
    list_display = ("number", "reference", "article")
    list_filter = ("article",)
    list_select_related = ("reference", "article")
    search_fields = ("reference__title", "reference__authors__family", "reference__authors__literal")
    autocomplete_fields = ("article", "reference")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("reference__authors")


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_zh", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name", "name_zh", "description")
    prepopulated_fields = {"slug": ("name",)}


class ComputedAdmin(admin.ModelAdmin):
    """Lists of what the audit commands computed: viewable, filterable, never edited by hand."""

    list_select_related = ("reference",)
    search_fields = ("reference__title", "reference__key")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).filter(reference__in=Reference.objects.visible_to(request.user))
        return queryset.order_by(ArticleOrder("reference__first_number"), "reference__key", "pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("No."), ordering="reference__first_number")
    def number(self, row):
        return row.reference.first_number

    @admin.display(description=_("Reference"), ordering="reference__key")
    def reference_link(self, row):
        url = reverse("admin:literature_reference_change", args=[row.reference_id])
        return format_html('<a href="{}">{}</a>', url, row.reference.title)


class ProposedRepairFilter(admin.SimpleListFilter):
    title = _("proposed repair")
    parameter_name = "repair"

    def lookups(self, request, model_admin):
        return [("yes", _("Has a proposed repair"))]

    def queryset(self, request, queryset):
        return queryset.repairable() if self.value() == "yes" else queryset


@admin.register(AuditFinding)
class AuditFindingAdmin(ComputedAdmin):
    list_display = ("number", "reference_link", "severity", "kind", "message", "proposed_url", "created")
    list_filter = ("kind", "severity", ProposedRepairFilter)
    fields = ("reference", "kind", "severity", "message", "proposed_url", "created")
    actions = ["apply_proposed_repairs"]

    def has_repair_permission(self, request):
        return request.user.has_perm("literature.repair_auditfinding")

    @admin.action(description=_("Apply the proposed link repairs"), permissions=["repair"])
    def apply_proposed_repairs(self, request, queryset):
        repairs = link_repairs_apply(findings=list(queryset), user=request.user)
        if repairs:
            self.message_user(
                request,
                _("Repaired %(count)s link(s); the printed citations are unchanged (the record is under Link repairs).")
                % {"count": len(repairs)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("None of the selected findings has a repair to apply."), messages.WARNING)


@admin.register(LinkRepair)
class LinkRepairAdmin(ComputedAdmin):
    list_display = ("number", "reference_link", "old_url", "new_url", "applied_by", "applied_at")
    list_select_related = ("reference", "applied_by")
    fields = ("reference", "old_url", "new_url", "reason", "applied_by", "applied_at")

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-applied_at", "-pk")


class BrokenFilter(admin.SimpleListFilter):
    title = _("working")
    parameter_name = "broken"

    def lookups(self, request, model_admin):
        return [("yes", _("Broken")), ("no", _("Working"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.broken()
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.broken().values("pk"))
        return queryset


@admin.register(LinkCheck)
class LinkCheckAdmin(ComputedAdmin):
    list_display = ("number", "reference_link", "link", "url", "outcome", "final_url", "checked_at")
    list_filter = (BrokenFilter, "link", "error")
    search_fields = ("reference__title", "reference__key", "url")
    fields = ("reference", "link", "url", "status_code", "error", "final_url", "checked_at")

    @admin.display(description=_("Result"))
    def outcome(self, link_check):
        return link_check.outcome()


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    """The bilingual glossary: a search in either language also finds the other's terms (literature/glossary.py)."""

    list_display = ("term_zh", "term_en", "note")
    list_display_links = ("term_zh", "term_en")
    list_filter = ("themes",)
    search_fields = ("term_zh", "term_en", "note")
    filter_horizontal = ("themes",)
    fields = ("term_zh", "term_en", "note", "themes")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for clash in obj.clashes():
            messages.warning(request, clash)
