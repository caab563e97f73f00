import datetime
import re
import unicodedata
from http import HTTPStatus

from django.conf import settings
from django.db import models
from django.db.models import F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lbc_site.rules import smallint_max, validate_web_url
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
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


class Theme(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    name_zh = models.CharField("name (Chinese)", max_length=120, blank=True)
    description = models.TextField(blank=True, help_text="One or two sentences for students: what the theme covers.")
    position = models.PositiveSmallIntegerField(
        default=0, validators=[smallint_max()], help_text="Order in which themes are listed."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("literature:theme_detail", args=[self.slug])


STOP_WORDS = {"a", "an", "the", "of", "on", "in"}


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
        """In the article's printed order (then by key), each with its lowest citation number as `first_number`;
        references no article cites come last."""
        return self.annotate(first_number=Min("citations__number")).order_by(
            F("first_number").asc(nulls_last=True), "key"
        )

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
        max_length=80,
        unique=True,
        blank=True,
        help_text="Stable citation key used as the CSL-JSON id and BibTeX key. Leave empty to have one made.",
    )
    type = models.CharField(max_length=32, choices=ReferenceType.choices, default=ReferenceType.DOCUMENT)
    title = models.TextField()
    title_key = models.CharField(max_length=500, db_index=True, editable=False)
    first_author_key = models.CharField(max_length=200, blank=True, editable=False)
    container_title = models.CharField(
        "journal or container", max_length=300, blank=True, help_text="Journal name as printed, or the book title."
    )
    volume = models.CharField(max_length=40, blank=True)
    issue = models.CharField(max_length=40, blank=True)
    pages = models.CharField(max_length=40, blank=True, help_text="Page range as printed, e.g. 93-94.")
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True, validators=[smallint_max()])
    publisher = models.CharField(
        max_length=300, blank=True, help_text="Publisher, or the awarding institution for a thesis."
    )
    publisher_place = models.CharField(max_length=200, blank=True)
    genre = models.CharField(
        max_length=100, blank=True, help_text="For theses: master's thesis or doctoral dissertation."
    )
    doi = models.CharField(
        "DOI", max_length=200, blank=True, db_index=True, help_text="The DOI name, e.g. 10.1000/xyz."
    )
    # Not a URLField: links are kept as printed, even malformed ones, so the audit can report them; but only web
    # addresses (http, https) are stored, as they become links on public pages.
    url = models.CharField(
        "URL",
        max_length=2000,
        blank=True,
        validators=[validate_web_url],
        help_text="A web address starting with http:// or https://; a DOI goes in the DOI field.",
    )
    language = models.CharField(max_length=16, blank=True, help_text="Language of the work: zh, en, …")
    citation_text = models.TextField(blank=True, help_text="The citation exactly as printed in the source list.")
    needs_review = models.BooleanField(
        default=False,
        db_index=True,
        help_text="Set by the importer when it could not classify the entry with certainty.",
    )
    review_notes = models.TextField(blank=True, help_text="What the importer was unsure about, one note per line.")
    themes = models.ManyToManyField(Theme, related_name="references", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.author_label()} ({self.year or 'n.d.'}). {self.title}"

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)[:500]
        if not self.key:
            self.key = Reference.objects.free_key(first_author=self.first_author_key, year=self.year, title=self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("literature:reference_detail", args=[self.key])

    def is_editable_by(self, user) -> bool:
        """Superusers edit everything; instructors only references they added that no article cites."""
        if user.is_superuser:
            return True
        return self.added_by_id == user.pk and not self.citations.exists()

    def refresh_first_author_key(self) -> None:
        """Keep the duplicate-detection key in step with the author list (call after editing authors)."""
        first = self.authors.order_by("position").first()
        key = (first.literal or first.family).casefold() if first else ""
        if key != self.first_author_key:
            self.first_author_key = key
            Reference.objects.filter(pk=self.pk).update(first_author_key=key)

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
        return f"https://doi.org/{self.doi}" if self.doi else ""

    def review_note_list(self) -> list[str]:
        return [line for line in self.review_notes.splitlines() if line.strip()]


class Author(models.Model):
    """One name in a reference's ordered author list: a person (family, given) or an organisation (literal)."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="authors")
    position = models.PositiveSmallIntegerField(validators=[smallint_max()])
    family = models.CharField(max_length=120, blank=True)
    given = models.CharField(max_length=120, blank=True, help_text="Given names or initials as printed.")
    literal = models.CharField(
        "organisation", max_length=300, blank=True, help_text="For an organisation: its whole name."
    )

    class Meta:
        ordering = ["reference", "position"]
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

    def display_name(self) -> str:
        if self.literal:
            return self.literal
        return f"{self.family} {self.given}".strip()


class ArticleQuerySet(models.QuerySet):
    def founding(self):
        """The article the site is built on: the most recently published one (None before the seed is loaded)."""
        return self.order_by("-published", "pk").first()


class Article(models.Model):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    authors = models.CharField(max_length=300, help_text="Authors as credited, e.g. Jiaqi Tian.")
    journal = models.CharField(max_length=200)
    volume = models.CharField(max_length=20, blank=True)
    issue = models.CharField(max_length=20, blank=True)
    pages = models.CharField(max_length=40, blank=True)
    published = models.DateField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    abstract = models.TextField(blank=True)
    keywords = models.CharField(max_length=300, blank=True, help_text="Comma-separated.")
    how_to_cite = models.TextField(blank=True, help_text="The citation the journal recommends, as printed.")
    references = models.ManyToManyField(Reference, through="Citation", related_name="articles")

    objects = ArticleQuerySet.as_manager()

    class Meta:
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
        return f"https://doi.org/{self.doi}" if self.doi else ""


class Citation(models.Model):
    """A reference as cited by an article, under the number printed in the article's list."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="citations")
    reference = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="citations")
    number = models.PositiveSmallIntegerField(
        validators=[smallint_max()], help_text="The reference's number as printed in the article."
    )

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="citation_unique_number"),
            models.UniqueConstraint(fields=["article", "reference"], name="citation_unique_reference"),
        ]

    def __str__(self):
        return f"[{self.number}] {self.reference}"


# Reference-quality audit (literature/audit.py) and link health (literature/linkcheck.py). Both are computed,
# never typed in: the audit_references and check_links commands replace them; the admin only shows them.


class FindingKind(models.TextChoices):
    MALFORMED_URL = "malformed_url", "Malformed URL"
    DOI_SYNTAX = "doi_syntax", "DOI syntax"
    IDENTIFIER_YEAR = "identifier_year", "Year in DOI disagrees"
    MISSING_IDENTIFIER = "missing_identifier", "No DOI or URL"
    INCOMPLETE_AUTHOR = "incomplete_author", "Incomplete author name"
    TYPE_MISMATCH = "type_mismatch", "Inconsistent type"
    DUPLICATE = "duplicate", "Duplicate reference"
    IMPORTER_FLAG = "importer_flag", "Flagged by the importer"
    BROKEN_LINK = "broken_link", "Broken link"


class Severity(models.TextChoices):
    ERROR = "error", "Error"
    WARNING = "warning", "Warning"
    INFO = "info", "Info"


class AuditFindingQuerySet(models.QuerySet):
    def replace_for(self, references: models.QuerySet, findings: list["AuditFinding"]) -> None:
        """Drop the stored findings of the audited references and store the new ones in their place."""
        self.filter(reference__in=references.values("pk")).delete()
        self.bulk_create(findings)


class AuditFinding(models.Model):
    """One problem the audit found in a reference; replaced as a whole each time the reference is audited."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="audit_findings")
    kind = models.CharField(max_length=32, choices=FindingKind.choices, db_index=True)
    severity = models.CharField(max_length=16, choices=Severity.choices, db_index=True)
    message = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    objects = AuditFindingQuerySet.as_manager()

    class Meta:
        ordering = ["reference", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.message}"


class LinkKind(models.TextChoices):
    URL = "url", "URL"
    DOI = "doi", "DOI link"


class LinkError(models.TextChoices):
    TIMEOUT = "timeout", "Timed out"
    REFUSED = "refused", "Connection refused"
    DNS = "dns", "Host name not found (DNS)"
    TLS = "tls", "TLS/SSL failure"
    TOO_MANY_REDIRECTS = "too_many_redirects", "Too many redirects"
    INVALID_URL = "invalid_url", "Not a web address"
    CONNECTION = "connection", "Connection failed"


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(Q(status_code__gte=400) | ~Q(error=""))


class LinkCheck(models.Model):
    """The latest visit to one of a reference's links: its URL or its DOI link."""

    reference = models.ForeignKey(Reference, on_delete=models.CASCADE, related_name="link_checks")
    link = models.CharField(max_length=8, choices=LinkKind.choices)
    url = models.CharField("URL", max_length=2000)
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[smallint_max()], help_text="The final HTTP status."
    )
    error = models.CharField(max_length=24, choices=LinkError.choices, blank=True)
    final_url = models.CharField("final URL", max_length=2000, blank=True, help_text="Where the redirects ended.")
    checked_at = models.DateTimeField()

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
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


class ContentVersion(models.Model):
    """When the content that pages and the API show last changed: a single row.

    HTTP Last-Modified and the API's response cache keys come from it. literature/versioning.py bumps it on
    every save or delete of the models that content is made of, inside the writer's transaction, so a reader
    sees the new version exactly when it sees the new data.
    """

    changed = models.DateTimeField()

    ROW = 1

    def __str__(self):
        return self.changed.isoformat()

    @classmethod
    def current(cls) -> datetime.datetime:
        version, _ = cls.objects.get_or_create(pk=cls.ROW, defaults={"changed": timezone.now()})
        return version.changed

    @classmethod
    def bump(cls) -> None:
        now = timezone.now()
        if not cls.objects.filter(pk=cls.ROW).update(changed=now):
            cls.objects.get_or_create(pk=cls.ROW, defaults={"changed": now})


def content_version_key() -> str:
    """The content version for cache keys of page fragments (a template's {% cache %} tag)."""
    return str(ContentVersion.current().timestamp())
