"""load_seed gives the article, its 51 references and their themes, and running it again changes nothing."""

import datetime
import io

from django.core.management import call_command

from literature.models import Article, Author, Citation, Reference, Theme


def export_all() -> str:
    out = io.StringIO()
    call_command("export_references", article="tian-2024-left-behind-children", stdout=out)
    return out.getvalue()


def test_it_loads_the_article_from_the_seed_file(seeded):
    assert seeded.title == "Left-behind Children in Chinese Urban Areas"
    assert seeded.authors == "Jiaqi Tian"
    assert (seeded.journal, seeded.volume, seeded.issue, seeded.pages) == ("Science Insights", "44", "5", "1381–1388")
    assert seeded.published == datetime.date(2024, 5, 26)
    assert seeded.doi == "10.15354/si.24.re1010"
    assert seeded.abstract.startswith("“Left-behind children” are a pronounced social issue in China.")
    assert seeded.keyword_list() == ["Left-Behind Children", "Urban Areas", "China"]
    assert seeded.how_to_cite.startswith("Tian, J. (2024). Left-behind Children in Chinese Urban Areas.")


def test_it_loads_51_numbered_references(seeded):
    assert list(Citation.objects.filter(article=seeded).values_list("number", flat=True)) == list(range(1, 52))
    assert Reference.objects.count() == 51
    first = Citation.objects.get(article=seeded, number=1).reference
    assert first.title == "An Analysis of Emotions of Left-Behind Children in the Context of Social Media"
    assert first.citation_text.startswith("Mao K. An Analysis of Emotions")


def test_every_reference_has_at_least_one_of_the_seven_themes(seeded):
    assert Theme.objects.count() == 7
    assert not Reference.objects.filter(themes__isnull=True).exists()
    grandparenting = Citation.objects.get(article=seeded, number=27).reference
    assert {t.slug for t in grandparenting.themes.all()} >= {"family-parenting"}


def test_it_applies_the_reviewed_languages(seeded):
    languages = dict(Citation.objects.filter(article=seeded).values_list("number", "reference__language"))
    assert (languages[2], languages[26], languages[39], languages[48], languages[1]) == ("en", "en", "zh", "zh", "zh")


def test_running_it_twice_changes_nothing(seeded):
    before = export_all()
    counts = (Reference.objects.count(), Author.objects.count(), Citation.objects.count(), Theme.objects.count())
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert "(0 created or updated)" in out.getvalue()
    assert export_all() == before
    assert counts == (
        Reference.objects.count(),
        Author.objects.count(),
        Citation.objects.count(),
        Theme.objects.count(),
    )
    assert Article.objects.count() == 1
