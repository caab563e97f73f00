"""Full-text search over the library, in the database: SQLite FTS5 or PostgreSQL text search.

Each reference carries a search document on its row (`Reference.search_title`, `Reference.search_text`): its
words, normalised here in Python the same way on both databases (NFKC, case folded, punctuation dropped) and with
Chinese and Japanese text cut into overlapping two-character tokens (bigrams), since those languages put no
spaces between words. The database indexes the document (migration 0006): on SQLite an FTS5 table kept in step
by triggers on the reference table, on PostgreSQL GIN indexes over `to_tsvector('simple', …)`.

A query is tokenised by the same rules. Each whitespace-separated word becomes a phrase whose last token matches
as a prefix, so `10.16187/j.cnki` finds that DOI, `Zha` finds Zhang, `left-behind` finds "left behind" and
`留守儿童` finds the bigrams 留守 守儿 儿童 in a row. All words must match. The query sent to the database is built
from these tokens only (letters and digits, quoted), so nothing a user types is ever read as FTS5 or tsquery
syntax: quotes, AND, NEAR, `*`, a lone `-` and NUL bytes are just characters that are not words.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connections
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

# Scripts written without spaces between words: CJK ideographs (with extensions and compatibility forms) and kana.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_TOKEN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>(?:(?![{_CJK}])[^\W_])+)")

MAX_WORDS = 10  # words of a query that count; the rest are ignored
MAX_TOKENS = 16  # tokens per phrase
MAX_TOKEN_LENGTH = 60  # characters per token (a token longer than any real word is cut)

FTS_TABLE = "literature_reference_fts"


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold()


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """The document tokens of `text`: words of letters and digits, and CJK bigrams."""
    result = []
    for match in _TOKEN.finditer(_normal(text)):
        if match["cjk"]:
            result.extend(_bigrams(match["cjk"]))
        else:
            result.append(match["word"][:MAX_TOKEN_LENGTH])
    return result


def document(*texts: str) -> str:
    """A search document: the tokens of the texts, separated by spaces (what the database indexes)."""
    return " ".join(token for text in texts if text for token in tokens(text))


@dataclass(frozen=True)
class Phrase:
    """Tokens that must follow each other; the last one may be the start of a longer token."""

    tokens: tuple[str, ...]
    prefix: bool


def phrases(query: str) -> list[Phrase]:
    """What a typed query asks for. In each word, a run of letters and digits, even one split by punctuation
    (a DOI, left-behind), is one phrase whose tokens must be adjacent and in order; a CJK run is a phrase of its
    bigrams."""
    found: list[Phrase] = []
    for word in _normal(query).split()[:MAX_WORDS]:
        group: list[str] = []
        for match in _TOKEN.finditer(word):
            if match["cjk"]:
                if group:
                    found.append(Phrase(tuple(group[:MAX_TOKENS]), prefix=True))
                    group = []
                run = match["cjk"]
                # A single character can only be the start of a bigram (or a one-character run in the document).
                found.append(Phrase(tuple(_bigrams(run)[:MAX_TOKENS]), prefix=len(run) == 1))
            else:
                group.append(match["word"][:MAX_TOKEN_LENGTH])
        if group:
            found.append(Phrase(tuple(group[:MAX_TOKENS]), prefix=True))
    return found


@dataclass(frozen=True)
class Either:
    """Any one of several queries, each a sequence of phrases that must all match: a glossary term as typed and
    its translations (literature/glossary.py), so that 留守儿童 also finds "left-behind children"."""

    options: tuple[tuple[Phrase, ...], ...]


def either(*texts: str) -> Either | None:
    """An Either of the phrases of each text (texts without a word left out); None if none has a word."""
    options = tuple(tuple(found) for found in map(phrases, dict.fromkeys(texts)) if found)
    return Either(options) if options else None


def fts5_query(found: list, *, column: str = "") -> str:
    """The FTS5 MATCH expression: every phrase quoted (tokens hold only letters and digits), all required."""

    def part(p) -> str:
        if isinstance(p, Either):
            return "(" + " OR ".join("(" + " AND ".join(map(part, option)) + ")" for option in p.options) + ")"
        return f'"{" ".join(p.tokens)}"' + (" *" if p.prefix else "")

    expression = " AND ".join(map(part, found))
    return f"{{{column}}} : ({expression})" if column else expression


def tsquery(found: list) -> str:
    """The PostgreSQL to_tsquery text: each phrase's tokens joined by <->, the phrases by &."""

    def phrase(p) -> str:
        if isinstance(p, Either):
            return " | ".join("(" + " & ".join(f"({phrase(q)})" for q in option) + ")" for option in p.options)
        parts = [f"'{token}'" for token in p.tokens]
        if p.prefix:
            parts[-1] += ":*"
        return " <-> ".join(parts)

    return " & ".join(f"({phrase(p)})" for p in found)


def _matching(vendor: str, found: list[Phrase], *, title_only: bool = False) -> Q:
    """The condition on a reference that it matches every phrase.

    SQLite: its id among the FTS5 table's matches (the index is a table of its own). PostgreSQL: the match on the
    row itself, over the same expression as the GIN index, so the planner starts from the index and checks the
    query's other conditions (who may see a reference) on the few rows found; as `id IN (a subquery on the same
    table)` it scanned the whole table for those conditions first (a second per search at 1,000,000 references).
    The title-only match ranks rows already found, so it stays a subquery on PostgreSQL (_title_ids).
    """
    if vendor == "postgresql" and title_only:
        return _title_ids(found)
    if vendor == "sqlite":
        return Q(
            pk__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [fts5_query(found, column="search_title" if title_only else "")],
            )
        )
    if vendor == "postgresql":
        # Unqualified: the reference table may be aliased (a search used as a subquery), and no other table of the
        # query has these columns.
        return Q(
            RawSQL(
                "to_tsvector('simple', search_title || ' ' || search_text) @@ to_tsquery('simple', %s)",
                [tsquery(found)],
                output_field=BooleanField(),
            )
        )
    raise NotImplementedError(f"No full-text search for the {vendor} database.")


def _title_ids(found: list[Phrase]) -> Q:
    # The ids from the title's own GIN index, hashed once: a broad search (留守 at a million references) ranks
    # hundreds of thousands of rows, and making each one's title vector again would cost seconds.
    return Q(
        pk__in=RawSQL(
            "SELECT id FROM literature_reference WHERE to_tsvector('simple', search_title) @@ to_tsquery('simple', %s)",
            [tsquery(found)],
        )
    )


def search(queryset: QuerySet, query: str, alternatives: tuple[Either, ...] = ()) -> QuerySet:
    """The references of `queryset` that match every word of `query` and one option of each of `alternatives`
    (none when there is no word at all)."""
    found = [*phrases(query), *alternatives]
    if not found:
        return queryset.none()
    vendor = connections[queryset.db].vendor
    return queryset.filter(_matching(vendor, found))


def title_first(queryset: QuerySet, query: str) -> QuerySet:
    """Annotate `title_rank`: 0 where every word of the query matches the title, 1 otherwise (to order by)."""
    found = phrases(query)
    if not found:
        return queryset.annotate(title_rank=Value(1, output_field=IntegerField()))
    vendor = connections[queryset.db].vendor
    in_title = _matching(vendor, found, title_only=True)
    return queryset.annotate(title_rank=Case(When(in_title, then=Value(0)), default=Value(1)))
