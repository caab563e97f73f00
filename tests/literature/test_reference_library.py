"""Students browse the library: filters in the URL, search, sorting, pages; reference and theme pages."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Course, ReadingItem, Unit
from literature.models import Author, Citation, Reference


def titles(page: str) -> list[str]:
    return re.findall(r'href="/references/([\w-]+)/">Details', page)


def count(page: str) -> str:
    return re.search(r'class="result-count" role="status">([^<]*)<', page)[1].strip()


def test_it_lists_every_reference_25_to_a_page(client, seeded):
    page = client.get("/references/").content.decode()
    assert count(page) == "51 references · page 1 of 3"
    assert len(titles(page)) == 25
    assert titles(page)[0] == "mao2023analysis"  # in the article's order by default


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"theme": "internet-screens-media"}, "10 references"),
        ({"type": "book"}, "1 reference"),
        ({"language": "en"}, "2 references"),
        ({"year_min": "2023", "year_max": "2023"}, "9 references"),
        ({"q": "grandparenting"}, "2 references"),
        ({"q": "Soochow"}, "1 reference"),
        ({"q": "Ruan"}, "1 reference"),
        ({"q": "10.16187"}, "1 reference"),
        ({"q": "UNICEF"}, "1 reference"),
        ({"q": "internet addiction", "theme": "psychology-mental-health"}, "1 reference"),
    ],
)
def test_filters_and_search_narrow_the_list(client, seeded, query, expected):
    assert count(client.get("/references/", query).content.decode()) == expected


def test_search_finds_chinese_text(client, seeded):
    reference = Reference.objects.create(key="lu2020", type="article-journal", title="城市留守儿童的困境", year=2020)
    Author.objects.create(reference=reference, position=1, family="卢", given="明")
    # 留守儿童 alone is a glossary term, which also finds the English titles: a phrase that is not one.
    assert titles(client.get("/references/", {"q": "儿童的困境"}).content.decode()) == ["lu2020"]
    assert titles(client.get("/references/", {"q": "卢"}).content.decode()) == ["lu2020"]


def test_sorting_by_year_puts_the_newest_first(client, seeded):
    keys = titles(client.get("/references/", {"sort": "-year"}).content.decode())
    years = [Reference.objects.get(key=key).year for key in keys]
    assert years == sorted(years, reverse=True) and years[0] == 2024


def test_the_filters_stay_in_the_page_links(client, seeded):
    page = client.get("/references/", {"language": "zh", "sort": "title"}).content.decode()
    assert 'href="?language=zh&amp;sort=title&amp;page=2"' in page


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"page": "99"}, "51 references · page 3 of 3"),
        ({"page": "abc"}, "51 references · page 1 of 3"),
        ({"sort": "nonsense"}, "51 references · page 1 of 3"),
    ],
)
def test_out_of_range_pages_and_unknown_sorts_show_the_nearest_sensible_result(client, seeded, query, shown):
    response = client.get("/references/", query)
    assert response.status_code == 200 and count(response.content.decode()) == shown


def test_malformed_filters_are_ignored_with_a_message(client, seeded):
    response = client.get("/references/", {"year_min": "twenty", "theme": "no-such-theme", "type": "x"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were ignored:" in page and "Enter a whole number." in page
    assert "Select a valid choice." in page
    assert count(page) == "51 references · page 1 of 3"


def test_the_reference_page_shows_metadata_citation_courses_and_number(client, seeded, make_course, instructor):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((1,),))
    make_course(instructor, slug="draft-course", units=((1,),))
    page = client.get("/references/mao2023analysis/").content.decode()
    assert "reference 1 in <a" in page
    assert "<h1>An Analysis of Emotions of Left-Behind Children in the Context of Social Media</h1>" in page
    assert "1. Mao K. An Analysis of Emotions" in page
    assert "<dt>Institution</dt><dd>Nanjing Forestry University</dd>" in page
    assert 'href="https://doi.org/10.27242/d.cnki.gnjlu.2023.000202"' in page
    assert f'<a href="/courses/{course.slug}/">' in page
    assert "draft-course" not in page
    apa = client.get("/references/mao2023analysis/", {"style": "apa"}).content.decode()
    assert "Mao, K. (2023). <i>An Analysis of Emotions" in apa


def test_an_unknown_reference_is_not_found(client, seeded):
    assert client.get("/references/no-such-key/").status_code == 404


def test_a_theme_page_lists_its_references(client, seeded):
    page = client.get("/themes/family-parenting/").content.decode()
    assert "<h1>Family, parenting and grandparenting" in page
    assert page.count('class="number"') == 10
    assert client.get("/themes/nope/").status_code == 404


def add_references(count: int) -> None:
    references = Reference.objects.bulk_create(
        Reference(key=f"bulk-{i}", type="article-journal", title=f"Bulk study {i}", year=2000 + i % 25)
        for i in range(count)
    )
    Author.objects.bulk_create(Author(reference=r, position=1, family="Bulk", given="B") for r in references)


@pytest.mark.parametrize(
    "url",
    ["/references/", "/references/?q=study&sort=author", "/references/mao2023analysis/", "/themes/family-parenting/"],
)
def test_library_pages_run_the_same_number_of_queries_with_51_or_5000_references(client, seeded, url):
    client.get(url)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_references(4949)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large)


def test_a_reference_page_runs_the_same_number_of_queries_however_many_courses_assign_it(client, seeded, instructor):
    reference = Citation.objects.get(article=seeded, number=1).reference

    def assign(n):
        for i in range(n):
            course = Course.objects.create(code="C", title=f"C{i}", slug=f"c{n}-{i}", term="T", status="published")
            ReadingItem.objects.create(unit=Unit.objects.create(course=course, title="U"), reference=reference)

    assign(1)
    client.get("/references/mao2023analysis/")
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as small:
        client.get("/references/mao2023analysis/")
    assign(30)
    cache.clear()  # count the queries that build the page, not those of its cached fragment
    with CaptureQueriesContext(connection) as large:
        page = client.get("/references/mao2023analysis/").content.decode()
    assert page.count('<a href="/courses/c') == 31
    assert len(small) == len(large)


def test_the_filtered_library_downloads_every_match_not_just_the_page(client, seeded):
    page = client.get("/references/", {"theme": "internet-screens-media"}).content.decode()
    assert 'href="/references/export.ris?theme=internet-screens-media"' in page
    ris = client.get("/references/export.ris", {"theme": "internet-screens-media"}).content.decode()
    assert ris.count("TY  - ") == 10
    everything = client.get("/references/export.bib").content.decode()
    assert everything.count("\n@") + everything.startswith("@") == 51


def test_the_articles_list_downloads_with_its_numbers(client, seeded):
    page = client.get("/").content.decode()
    assert 'href="/articles/tian-2024-left-behind-children/export.json"' in page
    items = client.get("/articles/tian-2024-left-behind-children/export.json").json()
    assert [item["citation-number"] for item in items] == list(range(1, 52))
    text = client.get("/articles/tian-2024-left-behind-children/export.txt", {"style": "apa"}).content.decode()
    assert text.startswith("Cai, J. (2015).")
    assert client.get("/articles/tian-2024-left-behind-children/export.doc").status_code == 404


def test_instructors_see_audit_findings_on_a_reference_page_and_students_do_not(
    client, client_for, seeded, student, instructor
):
    from django.core.management import call_command

    call_command("audit_references", verbosity=0, stdout=__import__("io").StringIO())
    url = "/references/" + Citation.objects.get(article=seeded, number=39).reference.key + "/"
    assert "Audit findings" not in client.get(url).content.decode()
    assert "Audit findings" not in client_for(student).get(url).content.decode()
    page = client_for(instructor).get(url).content.decode()
    assert "Audit findings (shown to instructors)" in page and "No DOI and no link: students cannot open" in page
