from django.contrib import admin
from django.db.models import F, Min, Q

from literature.models import Article, Author, Citation, Reference, Theme


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    fields = ("position", "family", "given", "literal")

    # The author list is part of the reference: editable exactly when the reference is.
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_editable_by(request.user))


class CitationNumberFilter(admin.SimpleListFilter):
    title = "cited by an article"
    parameter_name = "cited"

    def lookups(self, request, model_admin):
        return [("yes", "Cited by an article"), ("no", "Added by instructors")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(citations__isnull=False).distinct()
        if self.value() == "no":
            return queryset.filter(citations__isnull=True)
        return queryset


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "authors_display", "year", "type", "language", "needs_review")
    list_display_links = ("title",)
    list_filter = ("type", "themes", "language", "needs_review", CitationNumberFilter, "year")
    search_fields = ("title", "authors__family", "authors__literal", "container_title", "doi", "key", "url")
    filter_horizontal = ("themes",)
    inlines = [AuthorInline]
    readonly_fields = ("created", "updated")
    fieldsets = [
        (None, {"fields": ("key", "type", "title", "genre", "language", "themes")}),
        ("Source", {"fields": ("container_title", "volume", "issue", "pages", "year", "publisher", "publisher_place")}),
        ("Links", {"fields": ("doi", "url")}),
        ("As printed", {"fields": ("citation_text", "needs_review", "review_notes", "created", "updated")}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related("authors")
        queryset = queryset.annotate(first_number=Min("citations__number"))
        return queryset.order_by(F("first_number").asc(nulls_last=True), "key")

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
        reference.refresh_first_author_key()
        if not form.cleaned_data.get("key"):
            # The key was made before the authors were saved; make it again from the first author.
            reference.key = Reference.objects.exclude(pk=reference.pk).free_key(
                first_author=reference.first_author_key, year=reference.year, title=reference.title
            )
            Reference.objects.filter(pk=reference.pk).update(key=reference.key)

    def get_search_results(self, request, queryset, search_term):
        """Also find a reference by its article number or year; "theme:NAME" limits to a theme."""
        theme_terms = [word for word in search_term.split() if word.lower().startswith("theme:")]
        for word in theme_terms:
            name = word.split(":", 1)[1]
            queryset = queryset.filter(Q(themes__slug__icontains=name) | Q(themes__name__icontains=name))
        search_term = " ".join(word for word in search_term.split() if word not in theme_terms)
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        may_have_duplicates = may_have_duplicates or bool(theme_terms)
        term = search_term.strip()
        if term.isdigit():
            by_number = queryset.filter(citations__number=int(term))
            by_year = queryset.filter(year=int(term)) if len(term) == 4 else queryset.none()
            results = results | by_number | by_year
            may_have_duplicates = True
        return results, may_have_duplicates

    @admin.display(description="No.", ordering="first_number")
    def number(self, reference):
        return reference.first_number

    @admin.display(description="Authors")
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
