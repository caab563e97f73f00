"""A course downloads as an IMS Common Cartridge 1.3 that an LMS imports: a module per unit with a page of
citations and one web link per reading."""

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.exports import EXPORTS
from courses.models import Course, ReadingItem, Unit
from literature.models import Author, Reference

CP = "{http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1}"
LOM_MANIFEST = "{http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest}"
WL = "{http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3}"


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3), (14,)))


def download(client, slug="live", export="imscc", **params):
    response = client.get(f"/courses/{slug}/export.{export}", params)
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content))


def manifest_of(archive):
    return ET.fromstring(archive.read("imsmanifest.xml"))


def modules(manifest, cp=CP):
    """The unit items under the organization's root item (cp: the manifest namespace of the version)."""
    (organization,) = manifest.find(f"{cp}organizations")
    (root,) = organization.findall(f"{cp}item")
    return root.findall(f"{cp}item")


def resources_by_id(manifest, cp=CP):
    return {resource.get("identifier"): resource for resource in manifest.find(f"{cp}resources")}


def add_reading(unit, *, title, url="", doi="", note="", position=9):
    reference = Reference.objects.create(type="article-journal", title=title, url=url, doi=doi, year=2021)
    Author.objects.create(reference=reference, position=1, family="Wang", given="F")
    return ReadingItem.objects.create(unit=unit, reference=reference, position=position, note=note)


def expected_url(reference):
    return f"https://doi.org/{reference.doi}" if reference.doi else reference.url


def test_the_download_is_a_zip_named_after_the_course_with_the_manifest_first(client, course):
    response = client.get("/courses/live/export.imscc")
    assert response["Content-Type"] == "application/vnd.ims.imsccv1p3"
    assert response["Content-Disposition"] == 'attachment; filename="live.imscc"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert archive.namelist()[0] == "imsmanifest.xml"


def test_the_manifest_declares_common_cartridge_1_3(client, course):
    archive = download(client)
    raw = archive.read("imsmanifest.xml").decode()
    # Importers recognise the version by the literal default namespace declaration at the top of the file.
    assert 'xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"' in raw[:400]
    assert 'xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"' in raw
    assert 'xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource"' in raw
    manifest = manifest_of(archive)
    assert manifest.tag == f"{CP}manifest"
    assert manifest.findtext(f"{CP}metadata/{CP}schema") == "IMS Common Cartridge"
    assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.3.0"
    title = f"{CP}metadata/{LOM_MANIFEST}lom/{LOM_MANIFEST}general/{LOM_MANIFEST}title/{LOM_MANIFEST}string"
    assert manifest.findtext(title) == "SOC 101 Course live"
    organizations = manifest.find(f"{CP}organizations")
    assert [organization.get("structure") for organization in organizations] == ["rooted-hierarchy"]


def test_each_unit_is_a_module_in_order_with_its_page_then_one_web_link_per_reading(client, course):
    manifest = manifest_of(download(client))
    resources = resources_by_id(manifest)
    units = list(course.units_with_readings())
    assert [module.findtext(f"{CP}title") for module in modules(manifest)] == ["Week 1", "Week 2"]
    for module, unit in zip(modules(manifest), units, strict=True):
        page, *links = module.findall(f"{CP}item")
        assert page.findtext(f"{CP}title") == f"Readings: {unit.title}"
        assert resources[page.get("identifierref")].get("type") == "webcontent"
        titles = [item.reference.title for item in unit.items.all()]
        assert [link.findtext(f"{CP}title") for link in links] == titles
        assert {resources[link.get("identifierref")].get("type") for link in links} == {"imswl_xmlv1p3"}


def test_every_item_resolves_to_a_resource_and_every_file_in_the_zip_is_listed(client, course):
    archive = download(client)
    manifest = manifest_of(archive)
    resources = resources_by_id(manifest)
    referenced = [item.get("identifierref") for item in manifest.iter(f"{CP}item") if item.get("identifierref")]
    assert len(referenced) == 5  # two pages, three web links
    assert set(referenced) == set(resources)  # no item without its resource, no resource without its item
    listed = {file.get("href") for resource in resources.values() for file in resource.findall(f"{CP}file")}
    assert listed | {"imsmanifest.xml"} == set(archive.namelist())
    for resource in resources.values():
        if resource.get("type") == "webcontent":
            assert resource.get("href") in listed


def test_web_links_follow_the_ims_format_with_the_reading_url_or_its_doi_link(client, course):
    archive = download(client)
    manifest = manifest_of(archive)
    resources = resources_by_id(manifest)
    items = ReadingItem.objects.filter(unit__course=course).select_related("reference")
    by_title = {item.reference.title: item.reference for item in items}
    seen = []
    for module in modules(manifest):
        for link in module.findall(f"{CP}item")[1:]:
            (file,) = resources[link.get("identifierref")].findall(f"{CP}file")
            web_link = ET.fromstring(archive.read(file.get("href")))
            assert web_link.tag == f"{WL}webLink"
            assert [child.tag for child in web_link] == [f"{WL}title", f"{WL}url"]
            reference = by_title[web_link.findtext(f"{WL}title")]
            assert web_link.find(f"{WL}url").get("href") == expected_url(reference)
            assert web_link.find(f"{WL}url").get("target") == "_blank"
            seen.append(reference.doi or reference.url)
    assert len(seen) == 3 and any(reference.doi for reference in by_title.values())


def test_titles_with_chinese_curly_quotes_and_ampersands_survive(client, course):
    title = "城市留守儿童的“隐形”困境 & coping"
    url = "https://kns.cnki.net/kcms2/article/abstract?v=abc&uniplatform=NZKPT&language=CHS"
    add_reading(course.units.first(), title=title, url=url)
    archive = download(client)
    assert "城市留守儿童的“隐形”困境 &amp; coping" in archive.read("imsmanifest.xml").decode()
    manifest = manifest_of(archive)
    link = modules(manifest)[0].findall(f"{CP}item")[-1]
    assert link.findtext(f"{CP}title") == title
    (file,) = resources_by_id(manifest)[link.get("identifierref")].findall(f"{CP}file")
    raw = archive.read(file.get("href")).decode()
    assert "abc&amp;uniplatform=NZKPT&amp;language=CHS" in raw
    web_link = ET.fromstring(raw)
    assert web_link.findtext(f"{WL}title") == title and web_link.find(f"{WL}url").get("href") == url
    page = archive.read("web_resources/unit-01-readings.html").decode()
    assert "城市留守儿童的“隐形”困境 &amp; coping" in page and f'href="{url.replace("&", "&amp;")}"' in page


def test_a_doi_with_characters_that_break_urls_is_percent_encoded(client, course):
    add_reading(
        course.units.first(),
        title="An old Wiley article",
        doi="10.1002/(SICI)1097-4571(199806)49:8<693::AID>3.0.CO;2-0",
    )
    archive = download(client)
    hrefs = [
        ET.fromstring(archive.read(name)).find(f"{WL}url").get("href")
        for name in archive.namelist()
        if name.startswith("weblinks/")
    ]
    assert "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID%3E3.0.CO;2-0" in hrefs


def test_a_reading_without_url_or_doi_is_on_its_unit_page_but_not_a_web_link(client, course):
    add_reading(course.units.first(), title="A report only in print", note="Read the **tables**. <script>x()</script>")
    archive = download(client)
    (module, _) = modules(manifest_of(archive))
    assert "A report only in print" not in [item.findtext(f"{CP}title") for item in module]
    page = archive.read("web_resources/unit-01-readings.html").decode()
    assert "Wang F. A report only in print. 2021." in page
    assert page.count("<strong>Required</strong>") == 3
    assert "Read the <strong>tables</strong>." in page and "<script>" not in page


def test_the_unit_page_cites_each_reading_in_the_chosen_style_with_what_to_read(client, course):
    item = ReadingItem.objects.filter(unit__course=course).order_by("unit__position", "position").first()
    item.importance, item.pages = ReadingItem.Importance.RECOMMENDED, "93"
    item.save()
    archive = download(client, style="apa")
    page = archive.read("web_resources/unit-01-readings.html").decode()
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<strong>Recommended</strong>" in page and "p. 93 · ~5 min" in page
    assert "Yang, H. (2018). An analysis of the concept of urban left-behind children. <i>Manag Technol SME</i>" in page
    second = archive.read("web_resources/unit-02-readings.html").decode()
    assert 'href="https://doi.org/10.16070/j.cnki.cn45-1388/g4s.2020.31.007"' in second


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_drafts_are_not_found_by_others_in_any_format_but_download_for_their_instructor(
    client, client_for, make_course, instructor, other_instructor, student, status, export
):
    make_course(instructor, slug="hidden", status=status)
    url = f"/courses/hidden/export.{export}"
    assert client.get(url).status_code == 404
    assert client_for(student).get(url).status_code == 404
    assert client_for(other_instructor).get(url).status_code == 404
    assert client_for(instructor).get(url).status_code == 200


def test_two_exports_of_the_same_course_are_byte_identical_whatever_the_readers_language(client, course):
    first = client.get("/courses/live/export.imscc").content
    assert client.get("/courses/live/export.imscc").content == first
    chinese = client.get("/courses/live/export.imscc", headers={"accept-language": "zh-CN,zh;q=0.9"}).content
    assert chinese == first  # the cartridge speaks the course's language, not the reader's
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_course_page_links_the_cartridge(client, course):
    page = client.get("/courses/live/").content.decode()
    assert 'href="/courses/live/export.imscc" download>IMS Common Cartridge 1.3 (Canvas)</a>' in page


def add_readings(course, count):
    unit = Unit.objects.create(course=course, position=9, title="Big week")
    references = Reference.objects.bulk_create(
        Reference(
            key=f"extra-{i}", type="article-journal", title=f"Extra {i}", year=2020, pages="1-5",
            url=f"https://example.org/{i}?a=1&b=2" if i % 3 else "", doi=f"10.1000/extra.{i}" if i % 3 == 1 else "",
        )
        for i in range(count)
    )  # fmt: skip
    ReadingItem.objects.bulk_create(
        ReadingItem(unit=unit, reference=reference, position=i, note="*n*") for i, reference in enumerate(references)
    )


def test_the_export_runs_the_same_number_of_queries_with_5_or_200_readings(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3, 14, 17, 35),))
    client.get("/courses/live/export.imscc")
    cache.clear()  # count the queries that make the file, not those of serving it from the cache
    with CaptureQueriesContext(connection) as small:
        assert client.get("/courses/live/export.imscc").status_code == 200
    add_readings(Course.objects.get(slug="live"), 195)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        archive = download(client)
    assert len([name for name in archive.namelist() if name.startswith("weblinks/")]) == 5 + 130
    assert len(small) == len(large)
