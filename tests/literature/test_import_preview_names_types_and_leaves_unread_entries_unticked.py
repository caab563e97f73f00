"""The import preview names each entry's type as people say it, and does not tick an entry it could not read."""

import re

import pytest

URL = "/admin/literature/reference/import/"
LIST = (
    "1. Smith J, Brown AB. Migrant parents. Child Dev 2019;90:1021–1035.\n"
    "2. Something scribbled on a napkin without any full stop\n"
)


@pytest.fixture
def page(client_for, instructor, seeded):
    return client_for(instructor).post(URL, {"format": "text", "text": LIST, "preview": "1"}).content.decode()


def row(page, n) -> str:
    return re.findall(r"<tr class=\"status-[^\"]+\">.*?</tr>", page, re.S)[n - 1]


def test_types_are_shown_by_their_labels(page):
    assert "Journal article" in row(page, 1)
    assert "Other document (unclassified)" in row(page, 2)
    assert "article-journal" not in page and ">document<" not in page


def test_an_entry_that_could_not_be_read_starts_unticked_with_its_problem(page):
    readable = row(page, 1)
    assert 'name="skip" value="0"' in readable and "checked" not in readable  # imported unless skipped
    unread = row(page, 2)
    assert 'name="include" value="1"' in unread and "checked" not in unread  # skipped unless included
    assert (
        "Could not be read: not imported unless ticked." in unread and "could not find the authors and title" in unread
    )
