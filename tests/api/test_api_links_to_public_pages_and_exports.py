"""Course, unit and reference resources carry their public page as an absolute `html_url`, and a course its export
links (RIS, BibTeX, CSL-JSON, text, iCalendar, Common Cartridge 1.3 and 1.1), all documented in the schema."""

import pytest
from django.core.management import call_command

from literature.models import Citation


@pytest.fixture
def demo(seeded):
    call_command("load_demo", verbosity=0)


def test_a_course_links_to_its_page_and_files(client, demo):
    course = client.get("/api/v1/courses/urban-left-behind-children/").json()
    base = "http://testserver/courses/urban-left-behind-children/"
    assert course["html_url"] == base
    assert course["exports"] == {
        "ris": f"{base}export.ris",
        "bibtex": f"{base}export.bib",
        "csljson": f"{base}export.json",
        "text": f"{base}export.txt",
        "icalendar": f"{base}export.ics",
        "common_cartridge_1_3": f"{base}export.imscc",
        "common_cartridge_1_1": f"{base}export.imscc11",
    }
    unit = course["units"][0]
    assert unit["html_url"] == f"{base}#unit-{unit['id']}"
    reference = unit["items"][0]["reference"]
    assert reference["html_url"] == f"http://testserver/references/{reference['key']}/"
    for url in [course["html_url"], *course["exports"].values()]:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200, url
    listed = client.get("/api/v1/courses/").json()["results"][0]
    assert listed["html_url"] == base and listed["exports"] == course["exports"]


def test_units_and_references_link_to_their_pages(client, demo):
    unit = client.get("/api/v1/units/").json()["results"][0]
    assert unit["html_url"] == f"http://testserver/courses/{unit['course']}/#unit-{unit['id']}"
    reference = Citation.objects.get(number=1).reference
    data = client.get(f"/api/v1/references/{reference.key}/").json()
    assert data["html_url"] == f"http://testserver/references/{reference.key}/"
    https = client.get(f"/api/v1/references/{reference.key}/", secure=True).json()
    assert https["html_url"] == f"https://testserver/references/{reference.key}/"


def test_the_schema_documents_the_links(client):
    schema = client.get("/api/schema/?format=json").json()["components"]["schemas"]
    for name in ("Course", "CourseDetail", "Unit", "Reference"):
        html_url = schema[name]["properties"]["html_url"]
        assert html_url["format"] == "uri" and html_url["readOnly"] is True, name
    exports = schema["Course"]["properties"]["exports"]
    target = schema[exports["allOf"][0]["$ref"].rsplit("/", 1)[1]] if "allOf" in exports else exports
    if "$ref" in target:
        target = schema[target["$ref"].rsplit("/", 1)[1]]
    assert set(target["properties"]) == {
        "ris", "bibtex", "csljson", "text", "icalendar", "common_cartridge_1_3", "common_cartridge_1_1",
    }  # fmt: skip
    assert all(prop["format"] == "uri" for prop in target["properties"].values())
