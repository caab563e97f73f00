"""Reference links are web addresses (http, https) on every write path, and only those become links on a page."""

import json

import pytest
from django.core.management import call_command

from literature.formats import PARSERS, ParseError
from literature.models import Reference
from tests.admin_forms import form_values, post_data

HOSTILE = ["javascript:alert(1)//", "data:text/html,<script>alert(1)</script>", "JaVaScRiPt:alert(1)", " javascript:x",
           "vbscript:msgbox(1)", "java\tscript:alert(1)", "//evil.example/x", "www.example.org"]  # fmt: skip


@pytest.mark.parametrize("url", HOSTILE)
def test_the_admin_refuses_a_link_that_is_not_a_web_address(client, superuser, url):
    client.force_login(superuser)
    values = form_values(client.get("/admin/literature/reference/add/").content)
    response = client.post("/admin/literature/reference/add/", post_data(values, title="A study", type="book", url=url))
    assert response.status_code == 200
    assert "Give a web address starting with http:// or https://" in response.content.decode()
    assert not Reference.objects.exists()


def test_the_admin_keeps_a_web_address(client, superuser):
    client.force_login(superuser)
    values = form_values(client.get("/admin/literature/reference/add/").content)
    url = "https://kns.cnki.net/kcms2/article/abstract?v=x&uniplatform=NZKPT"
    response = client.post("/admin/literature/reference/add/", post_data(values, title="A study", type="book", url=url))
    assert response.status_code == 302
    assert Reference.objects.get().url == url


def csljson(url):
    return json.dumps([{"id": "a", "type": "book", "title": "A study", "URL": url}])


def bibtex(url):
    return "@book{a, title = {A study}, url = {" + url + "}}"


def ris(url):
    return f"TY  - BOOK\nTI  - A study\nUR  - {url}\nER  - \n"


def text(url):
    return f"1. Lin A. A study. Beijing: Press; 2020. Available at: {url}\n2. Chen B. Another. Beijing: Press; 2021.\n"


@pytest.mark.parametrize("format_name, make", [("csljson", csljson), ("bibtex", bibtex), ("ris", ris)])
@pytest.mark.parametrize("url", ["javascript:alert(1)//", "data:text/html,x"])
def test_every_importer_names_the_entry_and_refuses_a_non_web_link(format_name, make, url):
    with pytest.raises(ParseError) as refused:
        PARSERS[format_name](make(url))
    assert "entry 1" in str(refused.value)
    assert "is not a web address" in str(refused.value)


def test_the_text_importer_never_takes_a_non_web_link_as_the_link():
    records = PARSERS["text"](text("javascript:alert(1)//"))
    assert all(not record.url for record in records)


@pytest.mark.parametrize("format_name, make", [("csljson", csljson), ("ris", ris)])
def test_a_doi_given_as_the_link_is_kept_as_the_doi(format_name, make):
    (record,) = PARSERS[format_name](make("doi:10.1000/xyz"))
    assert (record.doi, record.url) == ("10.1000/xyz", "")


def test_the_import_command_writes_nothing_when_one_entry_has_a_bad_link(db, tmp_path):
    path = tmp_path / "list.json"
    items = [{"id": "good", "type": "book", "title": "Good", "URL": "https://example.org/"},
             {"id": "bad", "type": "book", "title": "Bad", "URL": "javascript:alert(1)"}]  # fmt: skip
    path.write_text(json.dumps(items))
    with pytest.raises(Exception, match="entry 2"):
        call_command("import_references", str(path), "--format", "csljson", verbosity=0)
    assert not Reference.objects.exists()


def test_the_admin_import_page_names_the_entry_and_writes_nothing(client, instructor):
    client.force_login(instructor)
    response = client.post(
        "/admin/literature/reference/import/", {"format": "ris", "text": ris("javascript:alert(1)//"), "confirm": "1"}
    )
    assert "is not a web address" in response.content.decode()
    assert not Reference.objects.exists()


@pytest.fixture
def stored_javascript_link(make_course, instructor):
    """A link stored before the rule existed (or by a path that forgot it): written to the row directly."""
    from courses.models import Course

    course = make_course(instructor, slug="soc-live", status=Course.Status.PUBLISHED, units=((5,),))
    reference = course.units.get().items.get().reference
    Reference.objects.filter(pk=reference.pk).update(url="javascript:alert(1)//")
    return course, reference


def test_pages_never_write_out_a_stored_non_web_link(client, stored_javascript_link):
    course, reference = stored_javascript_link
    for url in ("/", f"/courses/{course.slug}/", f"/references/{reference.key}/"):
        html = client.get(url).content.decode()
        assert 'href="javascript:' not in html, url
    assert "javascript:alert(1)//" in client.get(f"/references/{reference.key}/").content.decode()  # shown as text


def test_the_common_cartridge_links_only_web_addresses(client, stored_javascript_link):
    import io
    import zipfile

    course, reference = stored_javascript_link
    Reference.objects.filter(pk=reference.pk).update(doi="")
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/courses/{course.slug}/export.imscc").content))
    files = [archive.read(name).decode() for name in archive.namelist()]
    assert not any('href="javascript:' in content for content in files)
