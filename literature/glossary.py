"""The bilingual glossary of the subject's key terms, and what it does for search: a query in one language also
finds the references written in the other (留守儿童 finds "left-behind children", and the reverse)."""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from literature import search as full_text
from literature.models import Theme

_CJK = re.compile(f"[{full_text._CJK}]")
_LATIN = re.compile(r"[A-Za-z]")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


@dataclass(frozen=True)
class GlossaryMatch:
    """A glossary term found in a query, and the other language's terms searched for with it."""

    term: str
    equivalents: tuple[str, ...]


# The glossary's (Chinese, English) pairs as of one version of the glossary: every search reads them, and a page
# that already read the glossary's stamp with its own (the library: ContentVersion.GLOSSARY) finds them here
# without a query. Keyed by that stamp, which every glossary write moves on (literature/apps.py), so no server
# serves another's stale copy, and reference edits (which leave it) do not make every server read it again.
_pairs_at_version: dict[str, list[tuple[str, str]]] = {}


class GlossaryTermQuerySet(models.QuerySet):
    def pairs(self, version: str | None = None) -> list[tuple[str, str]]:
        """Every (Chinese, English) pair; with the glossary's `version`, from memory when it is the same."""
        if version is not None and version in _pairs_at_version:
            return _pairs_at_version[version]
        pairs = list(self.values_list("term_zh", "term_en"))
        if version is not None:
            _pairs_at_version.clear()  # only the latest version is kept
            _pairs_at_version[version] = pairs
        return pairs

    def expand(self, query: str, *, version: str | None = None) -> tuple[str, list[GlossaryMatch]]:
        """The query less the glossary terms found in it, and those terms with their equivalents (one query).

        A Chinese term matches anywhere in the query (Chinese puts no spaces between words), an English term as
        whole words; longer terms first, so 留守儿童 is one match rather than 儿童 inside it.
        """
        rest = full_text._normal(query)
        if not full_text.phrases(rest):
            return query, []
        rows = self.pairs(version)
        english_of, chinese_of = {}, {}
        for zh, en in rows:
            english_of.setdefault(full_text._normal(zh), []).append(en)
            chinese_of.setdefault(full_text._normal(en), []).append(zh)
        matches = []
        for term in sorted(english_of, key=len, reverse=True):
            if term and term in rest:
                rest = rest.replace(term, " ")
                matches.append(GlossaryMatch(term, tuple(dict.fromkeys(english_of[term]))))
        for term in sorted(chinese_of, key=len, reverse=True):
            words = full_text.tokens(term)
            if not words:
                continue
            pattern = re.compile(r"(?<![^\W_])" + r"[\W_]+".join(map(re.escape, words)) + r"(?![^\W_])")
            if pattern.search(rest):
                rest = pattern.sub(" ", rest)
                matches.append(GlossaryMatch(term, tuple(dict.fromkeys(chinese_of[term]))))
        return (rest if matches else query), matches


class GlossaryTerm(models.Model):
    """One term of the subject in Chinese and English. A Chinese term may have several English translations (and
    the reverse): one row each; a search for any of them finds the others."""

    term_zh = models.CharField(
        _("Chinese term"), max_length=100, help_text=_("In Chinese characters, as the literature writes it: 留守儿童.")
    )
    term_en = models.CharField(
        _("English term"),
        max_length=200,
        help_text=_("The standard English translation, in lower case unless it is a name: left-behind children."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Optional: how the term is used, or a nuance to know."))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="glossary_terms", blank=True)

    objects = GlossaryTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term_en", "term_zh"]
        constraints = [
            models.UniqueConstraint(
                Lower("term_en"),
                "term_zh",
                name="glossary_unique_pair",
                violation_error_message=_("This Chinese term already has this English translation in the glossary."),
            )
        ]

    def __str__(self):
        return f"{self.term_zh} — {self.term_en}"

    def get_absolute_url(self):
        return reverse("literature:glossary") + f"#term-{self.pk}"

    def clean(self):
        self.term_zh, self.term_en = _normal(self.term_zh), _normal(self.term_en)
        errors = {}
        if self.term_zh and (not _CJK.search(self.term_zh) or _LATIN.search(self.term_zh)):
            errors["term_zh"] = "Write the Chinese term in Chinese characters only (e.g. 留守儿童)."
        if self.term_en and _CJK.search(self.term_en):
            errors["term_en"] = "Write the English term without Chinese characters (e.g. left-behind children)."
        if self.term_en and not full_text.tokens(self.term_en):
            errors["term_en"] = "The English term needs at least one word."
        if errors:
            raise ValidationError(errors)
        same = GlossaryTerm.objects.exclude(pk=self.pk).filter(term_zh=self.term_zh, term_en__iexact=self.term_en)
        if self.term_zh and self.term_en and same.exists():
            raise ValidationError(f"“{self.term_zh} — {self.term_en}” is already in the glossary.")

    def clashes(self) -> list[str]:
        """Messages about other rows that translate this row's terms differently (allowed: synonyms)."""
        messages = []
        others_en = (
            GlossaryTerm.objects.exclude(pk=self.pk)
            .filter(term_zh=self.term_zh)
            .exclude(term_en__iexact=self.term_en)
            .values_list("term_en", flat=True)
        )
        if others_en:
            messages.append(
                f"{self.term_zh} is also translated as {', '.join(f'“{t}”' for t in others_en)}: a search for "
                "any of these translations finds the others too. Delete the row that is wrong, if one is."
            )
        others_zh = (
            GlossaryTerm.objects.exclude(pk=self.pk)
            .filter(term_en__iexact=self.term_en)
            .exclude(term_zh=self.term_zh)
            .values_list("term_zh", flat=True)
        )
        if others_zh:
            messages.append(
                f"“{self.term_en}” also translates {', '.join(others_zh)}: a search for any of these finds the "
                "others too. Delete the row that is wrong, if one is."
            )
        return messages
