"""Instructors extend the bilingual glossary in the admin, with clear messages for repeated, clashing or
wrongly written terms; the public glossary page shows each term in both languages, linked to its references and
themes, in the same few queries however long the glossary is."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from literature.models import GlossaryTerm, Theme

ADD = "/admin/literature/glossaryterm/add/"


def add(client, **fields):
    data = {"term_zh": "", "term_en": "", "note": "", **fields}
    return client.post(ADD, data, follow=True)


def test_an_instructor_adds_a_term(client_for, instructor, seeded):
    response = add(client_for(instructor), term_zh=" 留守  经历 ", term_en="left-behind  experience")
    assert response.status_code == 200
    assert GlossaryTerm.objects.filter(term_zh="留守 经历", term_en="left-behind experience").exists()


def test_a_repeated_pair_is_refused_with_a_message(client_for, instructor, seeded):
    response = add(client_for(instructor), term_zh="留守儿童", term_en="Left-behind children")
    page = response.content.decode()
    assert "“留守儿童 — Left-behind children” is already in the glossary." in page
    assert GlossaryTerm.objects.filter(term_zh="留守儿童").count() == 1


def test_terms_in_the_wrong_script_are_refused_with_a_message(client_for, instructor, seeded):
    page = add(client_for(instructor), term_zh="liushou ertong", term_en="留守儿童").content.decode()
    assert "Write the Chinese term in Chinese characters only" in page
    assert "Write the English term without Chinese characters" in page
    assert not GlossaryTerm.objects.filter(term_en="留守儿童").exists()


def test_a_clashing_translation_is_kept_with_a_warning(client_for, instructor, seeded):
    page = add(client_for(instructor), term_zh="留守儿童", term_en="children left behind").content.decode()
    assert "留守儿童 is also translated as “left-behind children”" in page
    page = add(client_for(instructor), term_zh="留守子女", term_en="left-behind children").content.decode()
    assert "“left-behind children” also translates 留守儿童" in page
    assert GlossaryTerm.objects.filter(term_en__in=["children left behind", "left-behind children"]).count() == 3


def test_students_cannot_edit_the_glossary(client_for, student, seeded):
    assert client_for(student).get(ADD).status_code in (302, 403)


def test_the_glossary_page_shows_both_languages_with_links(client, seeded):
    page = client.get("/glossary/").content.decode()
    assert '<td lang="zh-Hans">留守儿童</td>' in page
    assert '<td lang="en">left-behind children' in page
    assert "/references/?q=%E7%95%99%E5%AE%88%E5%84%BF%E7%AB%A5" in page  # 留守儿童
    assert 'href="/themes/family-parenting/"' in page


def test_the_glossary_page_is_in_chinese_for_a_chinese_reader(client, seeded):
    page = client.get("/glossary/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "术语表" in page and "家庭、亲子与隔代抚养" in page


def queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/glossary/").status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_glossary_page_runs_the_same_few_queries_with_5_or_200_terms(client):
    theme = Theme.objects.create(slug="t", name="T")
    counts = []
    for count in (5, 200):
        for index in range(GlossaryTerm.objects.count(), count):
            term = GlossaryTerm.objects.create(term_zh=f"术语{index:03}", term_en=f"term {index}")
            term.themes.add(theme)
        counts.append(queries(client))
    assert counts[0] == counts[1] <= 6
