"""A course also downloads as an IMS Common Cartridge 1.1, the newest version Moodle's importer reads: the same
package as the 1.3 one (a module per unit with a page of citations, a web link per reading), in 1.1's names."""

import dataclasses
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from courses.cartridge import VERSIONS
from courses.models import Course, ReadingItem
from tests.courses.test_common_cartridge_export import (
    add_reading,
    add_readings,
    expected_url,
    manifest_of,
    modules,
    resources_by_id,
)
from tests.courses.test_common_cartridge_export import download as download_export

CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
LOM_MANIFEST = "{http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest}"
WL = "{http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1}"
URL = "/courses/live/export.imscc11"
# The official Common Cartridge 1.1 schemas, as Moodle ships them to validate a manifest before it imports one.
SCHEMAS = Path(__file__).parent / "data" / "cc11"


@pytest.fixture
def course(make_course, instructor):
    return make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3), (14,)))


def download(client, export="imscc11"):
    return download_export(client, export=export)


def web_links(archive):
    """Each web link item's title with its parsed web link file, in the order of the organization."""
    manifest = manifest_of(archive)
    resources = resources_by_id(manifest, CP)
    links = []
    for module in modules(manifest, CP):
        for item in module.findall(f"{CP}item"):
            resource = resources[item.get("identifierref")]
            if resource.get("type") == "imswl_xmlv1p1":
                (file,) = resource.findall(f"{CP}file")
                links.append((item.findtext(f"{CP}title"), ET.fromstring(archive.read(file.get("href")))))
    return links


def test_the_moodle_download_is_a_zip_with_the_1_1_type_named_for_its_version(client, course):
    response = client.get(URL)
    assert response["Content-Type"] == "application/vnd.ims.imsccv1p1"
    assert response["Content-Disposition"] == 'attachment; filename="live-cc11.imscc"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert archive.namelist()[0] == "imsmanifest.xml"


def test_the_manifest_declares_common_cartridge_1_1_where_moodle_looks_for_it(client, course):
    archive = download(client)
    raw = archive.read("imsmanifest.xml").decode()
    # Moodle's 1.1 converter reads the first 500 bytes, lowercases them, drops whitespace and quotes, and looks
    # for the default namespace declaration (backup/converter/imscc11/lib.php, detect_format()).
    head = re.sub(r"\s", "", raw[:500].lower()).replace('"', "").replace("'", "")
    assert "xmlns=http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in head
    assert 'xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"' in raw
    assert 'xmlns:lom="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"' in raw
    manifest = manifest_of(archive)
    assert manifest.tag == f"{CP}manifest"
    assert manifest.findtext(f"{CP}metadata/{CP}schema") == "IMS Common Cartridge"
    assert manifest.findtext(f"{CP}metadata/{CP}schemaversion") == "1.1.0"
    title = f"{CP}metadata/{LOM_MANIFEST}lom/{LOM_MANIFEST}general/{LOM_MANIFEST}title/{LOM_MANIFEST}string"
    assert manifest.findtext(title) == "SOC 101 Course live"
    locations = manifest.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()
    assert dict(zip(locations[::2], locations[1::2], strict=True)) == {
        "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1":
            "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest":
            "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
        "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource":
            "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
    }  # fmt: skip
    assert not any(b"imsccv1p3" in archive.read(name) for name in archive.namelist())


def test_every_unit_is_a_module_with_its_page_and_every_reading_online_is_a_web_link(client, course):
    manifest = manifest_of(download(client))
    resources = resources_by_id(manifest, CP)
    units = list(course.units_with_readings())
    assert [module.findtext(f"{CP}title") for module in modules(manifest, CP)] == ["Week 1", "Week 2"]
    for module, unit in zip(modules(manifest, CP), units, strict=True):
        page, *links = module.findall(f"{CP}item")
        assert page.findtext(f"{CP}title") == f"Readings: {unit.title}"
        assert resources[page.get("identifierref")].get("type") == "webcontent"
        assert [link.findtext(f"{CP}title") for link in links] == [item.reference.title for item in unit.items.all()]
        assert {resources[link.get("identifierref")].get("type") for link in links} == {"imswl_xmlv1p1"}


def test_web_links_carry_the_title_and_the_url_or_doi_link_in_the_1_1_namespace(client, course):
    add_reading(course.units.first(), title="城市留守儿童的“隐形”困境 & coping", url="https://example.org/a?b=1&c=2")
    links = web_links(download(client))
    references = {item.reference.title: item.reference for item in ReadingItem.objects.filter(unit__course=course)}
    assert len(links) == 4
    for item_title, web_link in links:
        assert web_link.tag == f"{WL}webLink"
        assert [child.tag for child in web_link] == [f"{WL}title", f"{WL}url"]
        assert web_link.findtext(f"{WL}title") == item_title
        # What Moodle imports as the URL resource's address: /wl:webLink/wl:url/@href (entity11.resource.class.php).
        assert web_link.find(f"{WL}url").get("href") == expected_url(references[item_title])
        assert web_link.find(f"{WL}url").get("target") == "_blank"
    assert any(references[title].doi for title, _ in links)


@pytest.fixture(scope="module")
def schemas():
    """The manifest schema (which imports the LOM, authorization and xml: schemas beside it) and the web link one."""
    return tuple(
        etree.XMLSchema(etree.parse(SCHEMAS / name)) for name in ["ccv1p1_imscp_v1p2_v1p0.xsd", "ccv1p1_imswl_v1p1.xsd"]
    )


@pytest.mark.parametrize("units", [((5, 3), (14,)), ()], ids=["two units", "no units"])
def test_the_manifest_and_every_web_link_are_valid_against_the_official_1_1_schemas(
    client, make_course, instructor, schemas, units
):
    course = make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=units)
    if units:
        add_reading(
            course.units.first(), title="城市留守儿童的“隐形”困境 & coping", url="https://example.org/a?b=1&c=2"
        )
        add_reading(course.units.last(), title="A report only in print", position=10)
    manifest_schema, weblink_schema = schemas
    archive = download(client)
    manifest = archive.read("imsmanifest.xml")
    manifest_schema.assertValid(etree.fromstring(manifest))
    weblinks = [name for name in archive.namelist() if name.startswith("weblinks/")]
    assert len(weblinks) == (4 if units else 0)
    for name in weblinks:
        weblink_schema.assertValid(etree.fromstring(archive.read(name)))
    # The schemas do constrain the package: the same manifest claiming to be 1.3 is rejected.
    claims_1_3 = manifest.replace(b"<schemaversion>1.1.0</schemaversion>", b"<schemaversion>1.3.0</schemaversion>")
    assert not manifest_schema.validate(etree.fromstring(claims_1_3))


def test_the_1_1_package_is_the_1_3_package_with_only_the_version_names_changed(client, course):
    add_reading(course.units.first(), title="A report only in print", note="Read the **tables**.")
    moodle, canvas = download(client), download(client, "imscc")
    assert moodle.namelist() == canvas.namelist()
    old, new = VERSIONS["1.1"], VERSIONS["1.3"]
    renames = sorted(
        ((getattr(old, field.name), getattr(new, field.name)) for field in dataclasses.fields(old)),
        key=lambda pair: -len(pair[0]),  # longest first, so that no name is replaced inside a longer one
    )
    for name in moodle.namelist():
        text = moodle.read(name).decode()
        for before, after in renames:
            text = text.replace(before, after)
        assert text == canvas.read(name).decode(), name


def test_the_course_page_offers_both_cartridges_labelled_with_the_lms_that_reads_them(client, course):
    page = client.get("/courses/live/").content.decode()
    assert 'href="/courses/live/export.imscc" download>IMS Common Cartridge 1.3 (Canvas)</a>' in page
    assert 'href="/courses/live/export.imscc11" download>IMS Common Cartridge 1.1 (Moodle, Blackboard)</a>' in page
    chinese = client.get("/courses/live/", headers={"accept-language": "zh-CN,zh;q=0.9"}).content.decode()
    assert 'href="/courses/live/export.imscc11" download>IMS Common Cartridge 1.1（Moodle、Blackboard）</a>' in chinese


def test_the_1_1_export_runs_the_same_number_of_queries_with_5_or_200_readings(client, make_course, instructor):
    make_course(instructor, slug="live", status=Course.Status.PUBLISHED, units=((5, 3, 14, 17, 35),))
    client.get(URL)
    cache.clear()  # count the queries that make the file, not those of serving it from the cache
    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    add_readings(Course.objects.get(slug="live"), 195)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        archive = download(client)
    assert len([name for name in archive.namelist() if name.startswith("weblinks/")]) == 5 + 130
    assert len(small) == len(large)
