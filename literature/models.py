import datetime
import re
import unicodedata
from http import HTTPStatus

from django.conf import settings
from django.db import connections, models, router
from django.db.models import Exists, Func, OuterRef, Q, Subquery
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lbc_site.rules import smallint_max, validate_web_url
from literature import search as full_text
from literature import version_memo
from literature.links import doi_url
from literature.visibility import may_see_private, private_reader_condition, public_condition


class ReferenceType(models.TextChoices):
    """The CSL 1.0.2 item types (the subset a reading list meets), stored under their CSL names."""

    ARTICLE_JOURNAL = "article-journal", _("Journal article")
    ARTICLE_MAGAZINE = "article-magazine", _("Magazine article")
    ARTICLE_NEWSPAPER = "article-newspaper", _("Newspaper article")
    ARTICLE = "article", _("Article (preprint or other)")
    BOOK = "book", _("Book")
    CHAPTER = "chapter", _("Book chapter")
    THESIS = "thesis", _("Thesis or dissertation")
    REPORT = "report", _("Report or government document")
    LEGISLATION = "legislation", _("Legislation")
    STANDARD = "standard", _("Standard")
    PAPER_CONFERENCE = "paper-conference", _("Conference paper")
    DATASET = "dataset", _("Dataset")
    WEBPAGE = "webpage", _("Web page")
    POST = "post", _("Online post")
    DOCUMENT = "document", _("Other document (unclassified)")


def title_key(title: str) -> str:
    """Normalised title used to spot the same work imported twice (case, accents, punctuation ignored)."""
    # Every run of characters that are not letters or digits (str.isalnum: exactly what \w holds but "_") is one
    # space; one regular expression rather than a test per character, as an import keys thousands of titles.
    return _NOT_ALNUM.sub(" ", unicodedata.normalize("NFKC", title).casefold()).strip()


_NOT_ALNUM = re.compile(r"[\W_]+")


class Theme(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("One or two sentences for students: what the theme covers.")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, validators=[smallint_max()], help_text=_("Order in which themes are listed.")
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("literature:theme_detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the Chinese name on a Chinese page where there is one."""
        if self.name_zh and (get_language() or "").startswith("zh"):
            return self.name_zh
        return self.name


STOP_WORDS = {"a", "an", "the", "of", "on", "in"}

# Citation numbers are PositiveSmallIntegerFields: no article numbers a reference this high.
UNCITED = 32767


class ArticleOrder(Func):
    """A reference's place in the article order: its first citation number, uncited references last.

    The constant is written into the SQL rather than passed as a parameter so that this expression is
    character for character the one indexed (Reference.Meta.indexes); a database matches an expression index
    only against the same expression, and a bound parameter is not the same.
    """

    template = f"COALESCE(%(expressions)s, {UNCITED})"
    arity = 1

    def __init__(self, expression="first_number", **extra):
        super().__init__(expression, output_field=models.PositiveIntegerField(), **extra)


class GroupConcat(models.Aggregate):
    """The values of a group as one comma-separated text (SQLite's GROUP_CONCAT, PostgreSQL's STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra):
        template = "%(function)s((%(expressions)s)::text, ',')"
        return self.as_sql(compiler, connection, function="STRING_AGG", template=template, **extra)


def attach_themes(references, themes) -> None:
    """Give each reference annotated with_theme_ids() its themes out of `themes` (all of them, loaded by the page),
    as a prefetch would (`reference.themes.all()`), without a query."""
    by_id = {theme.pk: theme for theme in themes}
    for reference in references:
        ids = {int(pk) for pk in (reference.theme_ids or "").split(",") if pk}
        shown = reference.themes.all()  # not evaluated: its result is set here, as prefetch_related sets it
        shown._result_cache = sorted((by_id[pk] for pk in ids if pk in by_id), key=lambda t: (t.position, t.name))
        shown._prefetch_done = True
        if not hasattr(reference, "_prefetched_objects_cache"):
            reference._prefetched_objects_cache = {}
        reference._prefetched_objects_cache["themes"] = shown


class ReferenceQuerySet(models.QuerySet):
    def public(self):
        """References anyone may see (see literature/visibility.py)."""
        return self.filter(public_condition())

    def visible_to(self, user):
        """Public references, and the private ones the user may see: superusers all, an instructor those they
        added or whose courses read them (literature/visibility.py)."""
        if user is not None and user.is_authenticated and user.is_superuser and user.is_active:
            return self
        if not may_see_private(user):
            return self.filter(public_condition())
        return self.filter(public_condition() | private_reader_condition(user))

    def free_key(self, *, first_author: str, year: int | None, title: str, wanted: str = "") -> str:
        """A readable citation key such as mao2023analysis (or `wanted`, when it is still free)."""
        if wanted and not self.filter(key=slugify(wanted)).exists():
            return slugify(wanted)[:80]
        author = slugify(first_author.split(" ")[0]) or "anon"
        words = [word for word in slugify(title).split("-") if word not in STOP_WORDS]
        base = f"{author}{year or ''}{words[0] if words else ''}"[:70]
        # A range on the unique index rather than LIKE 'base%', which SQLite answers with a full scan.
        taken = set(self.filter(key__gte=base, key__lte=base + "\x7f").values_list("key", flat=True))
        candidate, suffix = base, 1
        while candidate in taken:
            suffix += 1
            candidate = f"{base}-{suffix}"
        return candidate

    def in_article_order(self):
        """In the article's printed order (`first_number`, then key); references no article cites come last.
        An index walk: no aggregate over the citations."""
        return self.order_by(ArticleOrder(), "key")

    def in_theme(self, theme):
        """The references on the theme (a Theme, or its slug), as a correlated EXISTS rather than a join: the
        database can then walk the article-order index and stop after a page, where a join fetched and sorted the
        theme's every reference (14,000 rows at 100,000 references)."""
        which = {"theme_id": theme.pk} if isinstance(theme, Theme) else {"theme__slug": theme}
        return self.filter(Exists(Reference.themes.through.objects.filter(reference_id=OuterRef("pk"), **which)))

    def search(self, query: str):
        """The references matching every word of `query` in the full-text index (literature/search.py); a glossary
        term in the query also matches its translations (literature/glossary.py)."""
        return self.search_with_glossary(query)[0]

    def search_with_glossary(self, query: str, *, version: str | None = None):
        """search(), and the glossary terms it found in the query with the translations it also searched for
        (`version`: the glossary's version, when the caller has read it: see GlossaryTerm.objects.pairs)."""
        rest, matches = GlossaryTerm.objects.expand(query, version=version)
        alternatives = [full_text.either(match.term, *match.equivalents) for match in matches]
        return full_text.search(self, rest, tuple(option for option in alternatives if option)), matches

    def bulk_create(self, objs, *args, **kwargs):
        # The search document of a reference created without save(): its own fields (authors come later, see
        # refresh_search_documents).
        objs = list(objs)
        for reference in objs:
            if not reference.search_title and not reference.search_text:
                reference.fill_search_document(authors=[])
        return super().bulk_create(objs, *args, **kwargs)

    def refresh_search_documents(self) -> int:
        """Rebuild the search documents of these references from their fields and authors, in a few queries
        (after bulk writes that bypass save(), such as Author.objects.bulk_create)."""
        references = list(self.order_by().prefetch_related("authors"))
        for reference in references:
            reference.fill_search_document(authors=list(reference.authors.all()))
        Reference.objects.bulk_update(references, ["search_title", "search_text", "first_author_key"], batch_size=500)
        return len(references)

    def with_theme_ids(self):
        """Each reference with the ids of its themes in its own row (`theme_ids`, e.g. "3,5"), for a page that has
        loaded the themes already: attach_themes() then gives each its themes without a query of their own."""
        ids = (
            Reference.themes.through.objects.filter(reference_id=OuterRef("pk"))
            .order_by()
            .values("reference_id")
            .annotate(ids=GroupConcat("theme_id"))
            .values("ids")
        )
        return self.annotate(theme_ids=Subquery(ids, output_field=models.TextField()))

    def with_link_state(self):
        """Annotated with what the audit says of each one's links (`url_link_broken`, `doi_link_broken`), inside
        the same query: a page of references learns its link state without a query of its own."""
        return self.annotate(**link_state_annotations("pk"))

    def with_details(self):
        """Everything a list of references displays, in a fixed number of queries."""
        return self.prefetch_related("authors", "themes", "citations")

    def matching(self, *, doi: str, title: str, year: int | None, first_author: str):
        """References that are the same work: the same DOI, or the same normalised title, year and first author."""
        same_work = Q(title_key=title_key(title), year=year, first_author_key=first_author.casefold())
        if doi:
            # DOIs are case-insensitive; exact matches on the usual spellings use the index (iexact cannot).
            same_work |= Q(doi__in={doi, doi.lower(), doi.upper()})
        return self.filter(same_work)


class Reference(models.Model):
    key = models.SlugField(
        _("key"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("Stable citation key used as the CSL-JSON id and BibTeX key. Leave empty to have one made."),
    )
    type = models.CharField(_("type"), max_length=32, choices=ReferenceType.choices, default=ReferenceType.DOCUMENT)
    title = models.TextField(
        _("title"),
    )
    title_key = models.CharField(_("title key"), max_length=500, db_index=True, editable=False)
    first_author_key = models.CharField(_("first author key"), max_length=200, blank=True, editable=False)
    container_title = models.CharField(
        _("journal or container"),
        max_length=300,
        blank=True,
        help_text=_("Journal name as printed, or the book title."),
    )
    volume = models.CharField(_("volume"), max_length=40, blank=True)
    issue = models.CharField(_("issue"), max_length=40, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True, help_text=_("Page range as printed, e.g. 93-94."))
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, db_index=True, validators=[smallint_max()]
    )
    # The work as published in its own language (Chinese), beside the English the article cites it by. Entered by
    # instructors from the source itself: never made up or machine-translated (the seed has none).
    original_title = models.TextField(
        _("original title"),
        blank=True,
        help_text=_(
            "The title in the original language and script (e.g. Chinese), exactly as the work prints it. "
            "Leave empty if you do not have it. The Title field above stays the English title."
        ),
    )
    original_container_title = models.CharField(
        _("original journal or container"),
        max_length=300,
        blank=True,
        help_text=_("The journal or book title in the original language and script, e.g. 中国青年研究."),
    )
    publisher = models.CharField(
        _("publisher"), max_length=300, blank=True, help_text=_("Publisher, or the awarding institution for a thesis.")
    )
    publisher_place = models.CharField(_("publisher place"), max_length=200, blank=True)
    genre = models.CharField(
        _("genre"), max_length=100, blank=True, help_text=_("For theses: master's thesis or doctoral dissertation.")
    )
    doi = models.CharField(
        _("DOI"), max_length=200, blank=True, db_index=True, help_text=_("The DOI name, e.g. 10.1000/xyz.")
    )
    # Not a URLField: links are kept as printed, even malformed ones, so the audit can report them; but only web
    # addresses (http, https) are stored, as they become links on public pages.
    url = models.CharField(
        _("URL"),
        max_length=2000,
        blank=True,
        validators=[validate_web_url],
        help_text=_("A web address starting with http:// or https://; a DOI goes in the DOI field."),
    )
    language = models.CharField(
        _("language"), max_length=16, blank=True, help_text=_("Language of the work: zh, en, …")
    )
    citation_text = models.TextField(
        _("citation text"), blank=True, help_text=_("The citation exactly as printed in the source list.")
    )
    first_number = models.PositiveSmallIntegerField(
        _("first number"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The lowest number any article cites this reference under (kept by the database, migration 0006)."),
    )
    # The search document (literature/search.py), made from the fields above and the authors on every save.
    search_title = models.TextField(_("search title"), blank=True, editable=False)
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        db_index=True,
        help_text=_("Set by the importer when it could not classify the entry with certainty."),
    )
    review_notes = models.TextField(
        _("review notes"), blank=True, help_text=_("What the importer was unsure about, one note per line.")
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="references", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("added by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["key"]
        indexes = [
            models.Index(ArticleOrder(), "key", name="reference_article_order"),
            # The audit finds a reference's duplicates by DOI in any case (literature/audit.py) on this index.
            models.Index(Lower("doi"), name="reference_doi_lower"),
        ]

    def __str__(self):
        return f"{self.author_label()} ({self.year or 'n.d.'}). {self.title}"

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)[:500]
        if not self.key:
            self.key = Reference.objects.free_key(first_author=self.first_author_key, year=self.year, title=self.title)
        self.fill_search_document(authors=None if self.pk else [])
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key", "search_title", "search_text"}
        elif not self._state.adding and not kwargs.get("force_insert"):
            # first_number belongs to the database's citation triggers: never write back a stale copy of it.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "first_number"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("literature:reference_detail", args=[self.key])

    def fill_search_document(self, *, authors=None) -> None:
        """Set the search document from the fields and `authors` (by default the saved author list)."""
        if authors is None:
            authors = list(self.authors.all())
        names = " ".join(f"{a.family} {a.given} {a.literal} {a.original}" for a in authors)
        # The original-language title and journal are searched like the English ones (migration 0009).
        self.search_title = full_text.document(self.title, self.original_title)
        self.search_text = full_text.document(
            names,
            self.container_title,
            self.original_container_title,
            self.doi,
            self.publisher,
            self.citation_text,
            self.key,
        )

    def is_editable_by(self, user) -> bool:
        """Superusers edit everything; instructors only references they added that no article cites."""
        if user.is_superuser:
            return True
        return self.added_by_id == user.pk and not self.citations.exists()

    def refresh_author_fields(self) -> None:
        """Keep what is made from the author list in step with it: the duplicate-detection key and the search
        document (call after editing authors)."""
        authors = list(self.authors.order_by("position"))
        self.first_author_key = (authors[0].literal or authors[0].family).casefold() if authors else ""
        self.fill_search_document(authors=authors)
        Reference.objects.filter(pk=self.pk).update(
            first_author_key=self.first_author_key, search_title=self.search_title, search_text=self.search_text
        )

    refresh_first_author_key = refresh_author_fields  # the name it had before the search document

    def author_label(self) -> str:
        """Short author label, e.g. "Song M et al.", from prefetched authors when available."""
        authors = list(self.authors.all())
        if not authors:
            return "Anonymous"
        label = authors[0].display_name()
        if len(authors) == 2:
            label += f", {authors[1].display_name()}"
        elif len(authors) > 2:
            label += " et al."
        return label

    def doi_url(self) -> str:
        return doi_url(self.doi)

    def review_note_list(self) -> list[str]:
        return [line for line in self.review_notes.splitlines() if line.strip()]


class Author(models.Model):
    """One name in a reference's ordered author list: a person (family, given) or an organisation (literal)."""

    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="authors"
    )
    position = models.PositiveSmallIntegerField(_("position"), validators=[smallint_max()])
    family = models.CharField(_("family"), max_length=120, blank=True)
    given = models.CharField(_("given"), max_length=120, blank=True, help_text=_("Given names or initials as printed."))
    literal = models.CharField(
        _("organisation"), max_length=300, blank=True, help_text=_("For an organisation: its whole name.")
    )
    original = models.CharField(
        _("name in original script"),
        max_length=300,
        blank=True,
        help_text=_(
            "The name as written in its own language, family name first, e.g. 蔡佳; for an organisation "
            "its name, e.g. 中华人民共和国教育部. Leave empty if you do not have it."
        ),
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        # By the column, not "reference" (which orders by the reference's own ordering and so joins its table into
        # every prefetch of authors).
        ordering = ["reference_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "position"], name="author_unique_position"),
            models.CheckConstraint(
                condition=(Q(literal="") & ~Q(family="")) | (~Q(literal="") & Q(family="", given="")),
                name="author_person_or_organisation",
                violation_error_message="Give either a family name (a person) or an organisation name, not both.",
            ),
        ]

    def __str__(self):
        return self.display_name()

    # The reference's search document and first-author key are made from its authors. Bulk writes (importers)
    # skip these and call Reference.refresh_author_fields() or refresh_search_documents() once at the end.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.reference.refresh_author_fields()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.reference.refresh_author_fields()
        return result

    def display_name(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.family} {self.given}".strip()

    def display_with_original(self) -> str:
        """The name with its original-script form beside it: "Cai J (蔡佳)"."""
        return f"{self.display_name()} ({self.original})" if self.original else self.display_name()


class ArticleQuerySet(models.QuerySet):
    def founding(self):
        """The article the site is built on: the most recently published one (None before the seed is loaded)."""
        return self.order_by("-published", "pk").first()


class Article(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=300, help_text=_("Authors as credited, e.g. Jiaqi Tian."))
    journal = models.CharField(_("journal"), max_length=200)
    volume = models.CharField(_("volume"), max_length=20, blank=True)
    issue = models.CharField(_("issue"), max_length=20, blank=True)
    pages = models.CharField(_("pages"), max_length=40, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    doi = models.CharField(_("DOI"), max_length=200, blank=True)
    abstract = models.TextField(_("abstract"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True, help_text=_("Comma-separated."))
    how_to_cite = models.TextField(
        _("how to cite"), blank=True, help_text=_("The citation the journal recommends, as printed.")
    )
    references = models.ManyToManyField(
        Reference, verbose_name=_("references"), through="Citation", related_name="articles"
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("literature:article_detail", args=[self.slug])

    def cited_references(self):
        """The article's citations in printed order, with everything a reference list displays."""
        return (
            self.citations.select_related("reference")
            .prefetch_related("reference__authors", "reference__themes")
            .order_by("number")
        )

    def keyword_list(self) -> list[str]:
        return [word.strip() for word in self.keywords.split(",") if word.strip()]

    def doi_url(self) -> str:
        return doi_url(self.doi)


class Citation(models.Model):
    """A reference as cited by an article, under the number printed in the article's list."""

    article = models.ForeignKey(Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.PROTECT, related_name="citations"
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[smallint_max()], help_text=_("The reference's number as printed in the article.")
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="citation_unique_number"),
            models.UniqueConstraint(fields=["article", "reference"], name="citation_unique_reference"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.reference}"


# Reference-quality audit (literature/audit.py) and link health (literature/linkcheck.py). Both are computed,
# never typed in: the audit_references and check_links commands replace them; the admin only shows them.


class LinkKind(models.TextChoices):
    URL = "url", _("URL")
    DOI = "doi", _("DOI link")


class FindingKind(models.TextChoices):
    MALFORMED_URL = "malformed_url", _("Malformed URL")
    DOI_SYNTAX = "doi_syntax", _("DOI syntax")
    IDENTIFIER_YEAR = "identifier_year", _("Year in DOI disagrees")
    MISSING_IDENTIFIER = "missing_identifier", _("No DOI or URL")
    INCOMPLETE_AUTHOR = "incomplete_author", _("Incomplete author name")
    TYPE_MISMATCH = "type_mismatch", _("Inconsistent type")
    DUPLICATE = "duplicate", _("Duplicate reference")
    IMPORTER_FLAG = "importer_flag", _("Flagged by the importer")
    BROKEN_LINK = "broken_link", _("Broken link")


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Info")


# Findings that say a link may not work: pages mark those links for students.
LINK_KINDS = (FindingKind.MALFORMED_URL, FindingKind.BROKEN_LINK)


def link_state_annotations(reference: str) -> dict:
    """Annotations saying whether the audit finds the link of the reference at `reference` (a field path of the
    annotated model) malformed or broken: `url_link_broken`, `doi_link_broken` (see literature/links.py)."""
    findings = AuditFinding.objects.filter(reference=models.OuterRef(reference), kind__in=LINK_KINDS)
    return {
        "url_link_broken": models.Exists(findings.exclude(link=LinkKind.DOI)),
        "doi_link_broken": models.Exists(findings.filter(link=LinkKind.DOI)),
    }


class AuditFindingQuerySet(models.QuerySet):
    def link_state_rows(self) -> set[tuple[int, str]]:
        """(reference pk, link) of every finding that marks a link on public pages."""
        return set(self.filter(kind__in=LINK_KINDS).values_list("reference", "link"))

    def repairable(self):
        """Findings with a repaired address the audit proposes."""
        return self.exclude(proposed_url="")

    def replace_for(self, references: models.QuerySet, findings: list["AuditFinding"]) -> None:
        """Drop the stored findings of the audited references and store the new ones in their place."""
        self.filter(reference__in=references.values("pk")).delete()
        self.bulk_create(findings)


class AuditFinding(models.Model):
    """One problem the audit found in a reference; replaced as a whole each time the reference is audited."""

    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="audit_findings"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=FindingKind.choices, db_index=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices, db_index=True)
    message = models.TextField(
        _("message"),
    )
    link = models.CharField(
        _("link"), max_length=8, blank=True, help_text=_("For a link finding: which link (the URL or the DOI link).")
    )
    proposed_url = models.CharField(
        _("proposed repair"),
        max_length=2000,
        blank=True,
        help_text=_("The address the audit proposes instead of a malformed one (apply it with the list's action)."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuditFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["reference", "pk"]
        permissions = [("repair_auditfinding", _("Can apply the link repairs the audit proposes"))]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message}"


class LinkError(models.TextChoices):
    TIMEOUT = "timeout", _("Timed out")
    REFUSED = "refused", _("Connection refused")
    DNS = "dns", _("Host name not found (DNS)")
    TLS = "tls", _("TLS/SSL failure")
    TOO_MANY_REDIRECTS = "too_many_redirects", _("Too many redirects")
    INVALID_URL = "invalid_url", _("Not a web address")
    CONNECTION = "connection", _("Connection failed")


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(Q(status_code__gte=400) | ~Q(error=""))


class LinkCheck(models.Model):
    """The latest visit to one of a reference's links: its URL or its DOI link."""

    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="link_checks"
    )
    link = models.CharField(_("link"), max_length=8, choices=LinkKind.choices)
    url = models.CharField(_("URL"), max_length=2000)
    status_code = models.PositiveSmallIntegerField(
        _("status code"), null=True, blank=True, validators=[smallint_max()], help_text=_("The final HTTP status.")
    )
    error = models.CharField(_("error"), max_length=24, choices=LinkError.choices, blank=True)
    final_url = models.CharField(_("final URL"), max_length=2000, blank=True, help_text=_("Where the redirects ended."))
    checked_at = models.DateTimeField(
        _("checked at"),
    )

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("link check")
        verbose_name_plural = _("link checks")
        ordering = ["reference", "link"]
        constraints = [models.UniqueConstraint(fields=["reference", "link"], name="linkcheck_unique_link")]

    def __str__(self):
        return f"{self.url}: {self.outcome()}"

    def is_broken(self) -> bool:
        return bool(self.error) or (self.status_code or 0) >= 400

    def outcome(self) -> str:
        """What happened, in words: "200 OK", "404 Not Found", "Timed out"."""
        if self.error:
            return self.get_error_display()
        try:
            return f"{self.status_code} {HTTPStatus(self.status_code).phrase}"
        except ValueError:
            return f"HTTP {self.status_code}"


class LinkRepair(models.Model):
    """A repair of a reference's link, applied by an instructor: what it was, what it became, who and when.

    The record of the change (the finding that proposed it is replaced when the reference is audited again). The
    printed citation text is never changed: it stays as the source printed it.
    """

    reference = models.ForeignKey(
        Reference, verbose_name=_("reference"), on_delete=models.CASCADE, related_name="link_repairs"
    )
    old_url = models.CharField(_("address before"), max_length=2000)
    new_url = models.CharField(_("address after"), max_length=2000)
    reason = models.TextField(_("reason"), blank=True, help_text=_("The audit finding that proposed the repair."))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        verbose_name = _("link repair")
        verbose_name_plural = _("link repairs")
        ordering = ["-applied_at", "-pk"]

    def __str__(self):
        return f"{self.old_url} → {self.new_url}"


NEVER_CHANGED = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class ContentVersion(models.Model):
    """When content last changed, per scope: one row per scope.

    A page or API read names the scopes it shows (the library; one course; all courses) and is cached under
    their stamps, so an edit re-renders only what shows the edited object: saving one course leaves other
    courses, the library and the home page cached. The "site" scope is part of every key: bump() without a
    scope moves it and so everything. HTTP Last-Modified comes from the latest stamp of the scopes shown.
    literature/versioning.py bumps the scopes of every saved or deleted object inside the writer's transaction,
    so a reader sees the new version exactly when it sees the new data.
    """

    SITE = "site"
    LIBRARY = "library"  # references, authors, citations, themes, articles
    GLOSSARY = "glossary"  # also moved by every glossary change (as is the library): see GlossaryTerm.objects.pairs

    scope = models.CharField(_("scope"), max_length=100, unique=True, default=SITE)
    changed = models.DateTimeField(
        _("changed"),
    )

    ROW = 1  # the pk of the site row (the only row before scopes)

    def __str__(self):
        return f"{self.scope}: {self.changed.isoformat()}"

    @classmethod
    def stamps(cls, *scopes: str, scope_sql: str = "", scope_params=()) -> dict[str, datetime.datetime]:
        """The stamps of the site and the given scopes, in one query (a scope never changed has none).
        `scope_sql` is a subquery naming one more scope (e.g. a course's, found by its address)."""
        # Every page and API read asks this first, a cache hit asks nothing else: plain SQL, because compiling
        # the ORM query cost several times what the database spends answering it.
        wanted = sorted({cls.SITE, *scopes})
        connection = connections[router.db_for_read(cls)]
        kept, read = version_memo.remembered(connection), (*wanted, scope_sql, *scope_params)
        if kept is not None and (found := kept.reads.get(read)) is not None:
            return dict(found)
        changes = kept.changes if kept is not None else 0
        sql = f"SELECT scope, changed FROM {cls._meta.db_table} WHERE scope IN ({', '.join(['%s'] * len(wanted))})"
        if scope_sql:
            sql += f" OR scope = ({scope_sql})"
        with connection.cursor() as cursor:
            cursor.execute(sql, [*wanted, *scope_params])
            rows = cursor.fetchall()
        # SQLite hands back the naive UTC time Django stored.
        found = {scope: changed if changed.tzinfo else changed.replace(tzinfo=datetime.UTC) for scope, changed in rows}
        # A read never writes (a writer holding SQLite's lock would make it wait): a site never bumped as a
        # whole counts as unchanged since the epoch; its first bump() makes the row.
        found.setdefault(cls.SITE, NEVER_CHANGED)
        if kept is not None and kept.changes == changes:
            kept.reads[read] = dict(found)
        return found

    @classmethod
    def current(cls, *scopes: str) -> datetime.datetime:
        """When the content of these scopes (or of the site) last changed."""
        return max(cls.stamps(*scopes).values())

    @classmethod
    def bump(cls, *scopes: str) -> None:
        """Mark the scopes changed now (no scope: the whole site)."""
        scopes = set(scopes) or {cls.SITE}
        now = timezone.now()
        updated = cls.objects.filter(scope__in=scopes).update(changed=now)
        if updated < len(scopes):
            existing = set(cls.objects.filter(scope__in=scopes).values_list("scope", flat=True))
            for scope in scopes - existing:
                cls.objects.get_or_create(scope=scope, defaults={"changed": now})
        version_memo.forget(connections[router.db_for_write(cls)])


def version_key(stamps: dict) -> str:
    """Cache-key text for the stamps of ContentVersion.stamps()."""
    return "-".join(f"{stamps[scope].timestamp():.6f}" for scope in sorted(stamps))


class VersionKey(str):
    """A content version as cache-key text, with `changed`: when the content it covers last changed (for HTTP
    Last-Modified), and `scopes`: the scopes whose stamps it holds."""

    changed: datetime.datetime
    scopes: tuple[str, ...]
    stamps: dict[str, datetime.datetime]


def content_version_key(*scopes: str, scope_sql: str = "", scope_params=()) -> VersionKey:
    """The content version of these scopes for cache keys of page fragments (a template's {% cache %} tag)."""
    stamps = ContentVersion.stamps(
        *(scopes or (ContentVersion.LIBRARY,)), scope_sql=scope_sql, scope_params=scope_params
    )
    key = VersionKey(version_key(stamps))
    key.changed = max(stamps.values())
    key.scopes = tuple(sorted(stamps))
    key.stamps = stamps
    return key


# The glossary lives in its own module; imported here so that Django registers the model with the app.
from literature.glossary import GlossaryTerm  # noqa: E402
