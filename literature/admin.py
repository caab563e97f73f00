from django.contrib import admin
from django.db.models import F, Min

from literature.models import Article, Author, Citation, Reference, Theme


class AuthorInline(admin.TabularInline):
    model = Author
    extra = 0
    fields = ("position", "family", "given", "literal")


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

    def get_search_results(self, request, queryset, search_term):
        """Also find a reference by its number in the article or by its year."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term.isdigit():
            by_number = queryset.filter(citations__number=int(term))
            by_year = queryset.filter(year=int(term)) if len(term) == 4 else queryset.none()
            results = results | by_number | by_year
            may_have_duplicates = True
        return results, may_have_duplicates

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.refresh_first_author_key()

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
