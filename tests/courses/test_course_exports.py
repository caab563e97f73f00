"""A course's reading list downloads as RIS, BibTeX, CSL-JSON, a formatted bibliography and a calendar."""

import json

import pytest
from icalendar import Calendar

from courses.models import Course


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3), (14, 5)))


def test_ris_lists_each_reading_once_for_reference_managers(client, course):
    response = client.get("/courses/live/export.ris")
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"] == 'attachment; filename="live.ris"'
    assert body.count("TY  - ") == 3  # reference 5 is assigned twice but listed once
    assert "TI  - An analysis of the concept of urban left-behind children" in body
    assert "DO  - 10.16070/j.cnki.cn45-1388/g4s.2020.31.007" in body


def test_bibtex_and_csl_json_carry_the_same_readings(client, course):
    bibtex = client.get("/courses/live/export.bib").content.decode()
    assert bibtex.count("@article{") == 3 and "journal = {Manag Technol SME}" in bibtex
    items = json.loads(client.get("/courses/live/export.json").content)
    assert [item["id"] for item in items] == ["yang2018analysis", "yuan2016urban", "song2020causes"]


def test_the_text_bibliography_follows_the_chosen_style(client, course):
    vancouver = client.get("/courses/live/export.txt").content.decode()
    assert vancouver.startswith("1. Yang H. An analysis of the concept of urban left-behind children.")
    assert vancouver.count("\n\n") == 2
    apa = client.get("/courses/live/export.txt", {"style": "apa"}).content.decode()
    assert apa.splitlines()[0].startswith("Song, M., Wan, Y., & Liu, W. (2020).")  # sorted by author


def test_the_calendar_has_one_event_per_dated_unit(client, course):
    response = client.get("/courses/live/export.ics")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["SOC 101: Week 1", "SOC 101: Week 2"]
    assert events[0].decoded("DTSTART").isoformat() == "2027-03-01"
    assert "An analysis of the concept" in str(events[0]["DESCRIPTION"])


def test_drafts_and_unknown_formats_are_not_found(client, make_course, instructor, course):
    make_course(instructor, slug="hidden")
    assert client.get("/courses/hidden/export.ris").status_code == 404
    assert client.get("/courses/live/export.docx").status_code == 404


def test_the_course_page_links_every_export_and_offers_progress_ticks(client, course):
    page = client.get("/courses/live/").content.decode()
    for suffix in ["ris", "bib", "json", "txt", "ics"]:
        assert f'href="/courses/live/export.{suffix}"' in page
    assert page.count('type="checkbox" data-reading=') == 4
    assert 'data-progress-course="live"' in page and "js/progress.js" in page
