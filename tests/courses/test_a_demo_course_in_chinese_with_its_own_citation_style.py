"""load_demo also loads a published course taught in Chinese, from the same references, cited in GB/T 7714 by
default; a course names its default citation style, and the reader's own choice still wins."""

import io
import re

import pytest
from django.core.management import call_command

from courses.models import Course
from literature.models import Citation

CJK = re.compile("[\u4e00-\u9fff]")
SLUG = "urban-left-behind-children-zh"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Course.objects.get(slug=SLUG)


def test_the_chinese_course_is_published_and_written_in_chinese(demo):
    assert demo.status == "published" and demo.language == "zh-hans"
    assert CJK.search(demo.title) and CJK.search(demo.description)
    units = list(demo.units_with_readings())
    assert len(units) >= 5
    assert all(CJK.search(unit.title) and CJK.search(unit.learning_goals) for unit in units)
    notes = [item.note for unit in units for item in unit.items.all() if item.note]
    assert notes and all(CJK.search(note) for note in notes)
    cited = set(Citation.objects.values_list("reference_id", flat=True))
    assert all(item.reference_id in cited for unit in units for item in unit.items.all())


def test_loading_it_again_changes_nothing(demo):
    before = list(demo.units.values_list("pk", "title", "updated"))
    call_command("load_demo", stdout=io.StringIO())
    assert list(demo.units.values_list("pk", "title", "updated")) == before
    assert Course.objects.filter(slug=SLUG).count() == 1


def test_its_citations_are_in_gb_t_7714_unless_the_reader_chooses(client, demo):
    page = client.get(f"/courses/{SLUG}/").content.decode()
    assert "[1] YANG H. An analysis of the concept of urban left-behind children[J/OL]." in page
    apa = client.get(f"/courses/{SLUG}/", {"style": "apa"}).content.decode()
    assert "Yang, H. (2018). An analysis of the concept" in apa
    assert "[J]" not in apa
    # The choice is remembered in a cookie and still wins over the course's style.
    again = client.get(f"/courses/{SLUG}/").content.decode()
    assert "Yang, H. (2018)." in again


def test_its_downloaded_bibliography_is_in_gb_t_7714(client, demo):
    text = client.get(f"/courses/{SLUG}/export.txt").content.decode()
    assert "YANG H. An analysis of the concept of urban left-behind children[J/OL]." in text


def test_a_course_without_a_style_of_its_own_uses_the_site_default(client, demo):
    page = client.get("/courses/urban-left-behind-children/").content.decode()
    assert "Yang H. An analysis of the concept of urban left-behind children." in page
