"""Fill a scratch database with the seed, the demo course and N synthetic references (not a test).

    DATABASE_URL=sqlite:////work/bench-data/1m.sqlite3 .venv/bin/python benchmarks/generate.py --references 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lbc_search_1m .venv/bin/python benchmarks/generate.py ...

The references go through the write path bulk imports use (Reference.fill_search_document with the authors,
then bulk_create), so their search documents are what production would hold. Each has a title of common words,
one or two authors from a list of surnames, a journal, a DOI, sometimes a Chinese title, and one word that only
it has (`rare<n>`, for selective searches). The first 30,000 are cited by a synthetic article (first_number) and
every reference is in one theme. Work goes in batches, so memory stays flat; run it once per database.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = [
    "children",
    "migrant",
    "urban",
    "rural",
    "family",
    "parenting",
    "education",
    "school",
    "mental",
    "health",
    "resilience",
    "anxiety",
    "loneliness",
    "grandparents",
    "care",
    "policy",
    "social",
    "work",
    "intervention",
    "internet",
    "addiction",
    "peer",
    "teacher",
    "support",
    "development",
    "adolescent",
    "emotion",
    "behaviour",
    "study",
    "analysis",
    "survey",
    "evidence",
    "china",
    "city",
    "county",
    "province",
    "reform",
    "hukou",
]
SURNAMES = [
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Zhao",
    "Wu",
    "Zhou",
    "Xu",
    "Sun",
    "Ma",
    "Zhu",
    "Hu",
    "Guo",
    "He",
    "Gao",
    "Lin",
    "Luo",
    "Zheng",
    "Liang",
]
CHINESE = ["城市留守儿童", "心理健康", "家庭教育", "隔代抚养", "社会支持", "学校适应", "流动人口", "亲子关系"]
JOURNALS = ["Chinese Journal of Child Health", "Journal of Social Work", "Psychological Development and Education"]
BATCH = 5_000
CITED = 30_000


def make(start: int, count: int, rng: random.Random):
    from literature.models import Author, Reference

    references, authors = [], []
    for n in range(start, start + count):
        words = rng.sample(WORDS, 6)
        title = f"{' '.join(words).capitalize()} rare{n}"
        if n % 7 == 0:
            title += " " + rng.choice(CHINESE) + rng.choice(CHINESE)
        reference = Reference(
            key=f"gen-{n}",
            type="article-journal",
            title=title,
            title_key=title.lower(),
            container_title=rng.choice(JOURNALS),
            year=1990 + n % 35,
            doi=f"10.{1000 + n % 9000}/gen.{n}",
            language="zh" if n % 7 == 0 else "en",
        )
        names = [Author(position=i, family=rng.choice(SURNAMES), given="X") for i in (1, 2)[: 1 + n % 2]]
        reference.first_author_key = names[0].family.casefold()
        reference.fill_search_document(authors=names)
        references.append((reference, names))
    created = Reference.objects.bulk_create([reference for reference, _ in references])
    for reference, (_, names) in zip(created, references, strict=True):
        for author in names:
            author.reference = reference
            authors.append(author)
    Author.objects.bulk_create(authors)
    return created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--references", type=int, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lbc_site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from literature.models import Article, Citation, Reference, Theme

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    article, _ = Article.objects.get_or_create(
        slug="synthetic", defaults={"title": "Synthetic", "authors": "Bench", "journal": "Bench"}
    )
    themes = list(Theme.objects.all())
    done = Reference.objects.filter(key__startswith="gen-").count()
    rng = random.Random(12)
    began = time.monotonic()
    if done >= args.references:
        settle()
    for start in range(done, args.references, BATCH):
        count = min(BATCH, args.references - start)
        with transaction.atomic():
            created = make(start, count, rng)
            Citation.objects.bulk_create(
                Citation(article=article, reference=r, number=start + i + 1)
                for i, r in enumerate(created)
                if start + i < CITED
            )
            Reference.themes.through.objects.bulk_create(
                Reference.themes.through(reference=r, theme=themes[(start + i) % len(themes)])
                for i, r in enumerate(created)
            )
        total = start + count
        rate = (total - done) / (time.monotonic() - began)
        print(f"{total:>9,} references ({rate:,.0f}/s)", flush=True)
    settle()


def settle() -> None:
    """What a database does on its own some time after a bulk load, done now so the benchmark sees steady state:
    PostgreSQL moves the GIN indexes' pending entries (fastupdate) into the index and gathers statistics (a
    search otherwise scans the pending list: 11 ms instead of 0.1 ms at 100,000); SQLite merges the FTS5 segments."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")  # every table: the authors' and themes' statistics steer the joins
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT INTO literature_reference_fts(literature_reference_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
