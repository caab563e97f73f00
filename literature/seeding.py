"""Load the site's founding article, its 51 references and their themes from the copy of the
seed file kept in literature/seed/, through the project's own text importer."""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.db import transaction

from literature.formats import text
from literature.formats.record import ParseError
from literature.models import Article, Citation, GlossaryTerm, Theme
from literature.services import references_import

SEED_DIR = Path(__file__).resolve().parent / "seed"
SEED_FILE = SEED_DIR / "tian-2024-left-behind-children.txt"
ARTICLE_SLUG = "tian-2024-left-behind-children"

# The journal's "How to Cite" line, in APA: Tian, J. (2024). Title. Journal, 44(5), 1381–1388. https://doi.org/…
HOW_TO_CITE = re.compile(
    r"^(?P<authors>.+?) \((?P<year>\d{4})\)\. (?P<title>.+?)\. (?P<journal>[^,]+), (?P<volume>\d+)"
    r"\((?P<issue>[^)]+)\), (?P<pages>[\d–-]+)\. https://doi\.org/(?P<doi>\S+)$"
)


@dataclass
class SeedArticle:
    fields: dict
    reference_list: str


def parse_seed(content: str) -> SeedArticle:
    """Split the seed file: date, author, abstract, keywords, the numbered list, then "How to Cite"."""
    lines = [line.strip() for line in content.splitlines()]
    first_entry = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    how_to = lines.index("How to Cite")
    header = [line for line in lines[:first_entry] if line]
    if len(header) != 4 or not header[0].startswith("Published "):
        raise ParseError(["seed header: expected the date, author, abstract and keywords lines"])
    published, author, abstract, keywords = header
    cite_line = next(line for line in lines[how_to + 1 :] if line)
    cite = HOW_TO_CITE.match(cite_line)
    if not cite:
        raise ParseError([f"line {how_to + 2}: the How to Cite line is not in the expected form"])
    fields = {
        "title": cite["title"],
        "authors": author,
        "journal": cite["journal"],
        "volume": cite["volume"],
        "issue": cite["issue"],
        "pages": cite["pages"],
        "published": datetime.strptime(published.removeprefix("Published "), "%B %d, %Y").date(),
        "doi": cite["doi"],
        "abstract": abstract,
        "keywords": keywords,
        "how_to_cite": cite_line,
    }
    return SeedArticle(fields=fields, reference_list="\n".join(lines[first_entry:how_to]))


@transaction.atomic
def seed_load() -> tuple[Article, list]:
    """Create or update the article, its references and themes; running it again changes nothing."""
    seed = parse_seed(SEED_FILE.read_text(encoding="utf-8"))
    article, _ = Article.objects.update_or_create(slug=ARTICLE_SLUG, defaults=seed.fields)
    records = text.parse_list(seed.reference_list)
    languages = json.loads((SEED_DIR / "languages.json").read_text(encoding="utf-8"))
    for record in records:
        record.language = languages.get(str(record.number), record.language)
    outcomes = references_import(records=records, article=article)
    _load_themes(article)
    _load_glossary()
    return article, outcomes


def _load_themes(article: Article) -> None:
    themes = json.loads((SEED_DIR / "themes.json").read_text(encoding="utf-8"))
    by_number = dict(Citation.objects.filter(article=article).values_list("number", "reference_id"))
    for position, data in enumerate(themes, start=1):
        theme, _ = Theme.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "name_zh": data["name_zh"],
                "description": data["description"],
                "position": position,
            },
        )
        listed = {by_number[number] for number in data["references"]}
        # Only the article's references are curated here; themes instructors gave other references stay.
        theme.references.remove(*(set(by_number.values()) - listed))
        theme.references.add(*listed)


def _load_glossary() -> None:
    """The seed glossary: standard translations of the subject's key terms (rows instructors added stay)."""
    themes = dict(Theme.objects.values_list("slug", "pk"))
    for data in json.loads((SEED_DIR / "glossary.json").read_text(encoding="utf-8")):
        term, _ = GlossaryTerm.objects.update_or_create(
            term_zh=data["zh"], term_en=data["en"], defaults={"note": data.get("note", "")}
        )
        term.themes.add(*(themes[slug] for slug in data["themes"]))
