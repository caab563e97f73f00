"""The import preview (its rows are written in Python, not by the template) shows markup in a list as text: a
title, an author, a link or a warning from an uploaded file never becomes HTML on the instructor's page."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

URL = "/admin/literature/reference/import/"


@pytest.fixture
def page(client_for, instructor, seeded):
    item = {
        "id": "x1",
        "type": "book",
        "title": "<script>alert('title')</script> & more",
        "author": [{"family": "<b>Li</b>", "given": "X"}],
        "publisher": '"Press" <i>',
        "URL": "https://example.org/?a=1&b=<img src=x onerror=alert(1)>",
    }
    upload = SimpleUploadedFile("items.json", json.dumps([item]).encode())
    return client_for(instructor).post(URL, {"format": "csljson", "file": upload, "preview": "1"}).content.decode()


def test_markup_in_the_entries_is_shown_as_text(page):
    table = page[page.index('<table id="import-preview">') :]
    assert "<script>" not in table and "<b>Li" not in table and "<img" not in table and "<i>" not in table
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; more" in table
    assert "&lt;b&gt;Li&lt;/b&gt; X" in table
    assert "&quot;Press&quot; &lt;i&gt;" in table
    assert "https://example.org/?a=1&amp;b=&lt;img" in table
