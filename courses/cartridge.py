"""A course as an IMS Common Cartridge package (.imscc) for learning management systems, in two versions.

Canvas imports Common Cartridge 1.3; Moodle's importer reads only 1.0 and 1.1 (it recognises a cartridge by the
manifest's default namespace and validates the manifest against the 1.1 schemas), so the same package is also
written as 1.1. The versions differ only in namespaces, schema locations, the web link's resource type and the
MIME type (VERSIONS below); the structure, and this one implementation, are shared.

The LMS makes one module per unit. Each module starts with a web page (a `webcontent` HTML file) that lists the
unit's readings as formatted citations with their importance, what to read, the estimated time and the
instructor's note, then has one web link per reading that has a URL or a DOI. The web link format holds only a
title and a URL, so the citation and the note live on the page; a reading with neither URL nor DOI appears on
the page only.

The package is written with the standard library: the schemas are fixed XML and no maintained Python library
writes them. Identifiers come from primary keys, so importing a later export again updates the same items, and
the output is deterministic (fixed zip timestamps and order; the course's language, not the reader's), so two
exports of an unchanged course are byte-identical.
"""

import io
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import quote
from xml.etree import ElementTree as ET

from django.utils import translation
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from courses.markdown import render_markdown
from courses.syllabus import syllabus_units
from lbc_site.rules import safe_href
from literature.citations import DEFAULT_STYLE

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class Version:
    """The names by which one Common Cartridge version differs from another, each as its specification gives it."""

    schemaversion: str
    content_type: str  # the MIME type of the .imscc file
    cp_ns: str  # the manifest's default namespace: importers recognise the version by it
    lom_manifest_ns: str
    lom_resource_ns: str
    weblink_ns: str
    weblink_type: str  # the manifest's resource type for a web link
    cp_xsd: str
    lom_manifest_xsd: str
    lom_resource_xsd: str
    weblink_xsd: str

    def manifest_schema_location(self) -> str:
        return " ".join([
            self.cp_ns, self.cp_xsd,
            self.lom_manifest_ns, self.lom_manifest_xsd,
            self.lom_resource_ns, self.lom_resource_xsd,
        ])  # fmt: skip

    def weblink_schema_location(self) -> str:
        return f"{self.weblink_ns} {self.weblink_xsd}"


VERSIONS = {
    "1.3": Version(
        schemaversion="1.3.0",
        content_type="application/vnd.ims.imsccv1p3",
        cp_ns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1",
        lom_manifest_ns="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest",
        lom_resource_ns="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/resource",
        weblink_ns="http://www.imsglobal.org/xsd/imsccv1p3/imswl_v1p3",
        weblink_type="imswl_xmlv1p3",
        cp_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
        lom_manifest_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd",
        lom_resource_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lomresource_v1p0.xsd",
        weblink_xsd="http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imswl_v1p3.xsd",
    ),
    "1.1": Version(
        schemaversion="1.1.0",
        content_type="application/vnd.ims.imsccv1p1",
        cp_ns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1",
        lom_manifest_ns="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
        lom_resource_ns="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource",
        weblink_ns="http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1",
        weblink_type="imswl_xmlv1p1",
        cp_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
        lom_manifest_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
        lom_resource_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lomresource_v1p0.xsd",
        weblink_xsd="http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imswl_v1p1.xsd",
    ),
}

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record: a fixed stamp keeps exports identical
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped (imported references may contain stray control codes).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# DOIs may contain characters that end or break a URL path (# ? % < > " and spaces): those are percent-encoded.
DOI_SAFE = "/:;,()[]@!$&'*+=._~-"


def course_cartridge(course, units, style: str = DEFAULT_STYLE, version: str = "1.3") -> bytes:
    """The .imscc file of `course` in Common Cartridge `version` (a key of VERSIONS); `units` as from
    course.units_with_readings(), citations in `style`."""
    names = VERSIONS[version]
    units = list(units)
    with translation.override(course.language):
        # Citations numbered through the whole course and each unit's load, as on the course page.
        syllabus_units(course, units, style)
        files = {}
        for position, unit in enumerate(units, start=1):
            files[_page_path(position)] = _unit_page(course, unit).encode()
            for item in unit.items.all():
                if url := reading_url(item.reference):
                    files[_weblink_path(item)] = _weblink(names, item.reference.title, url)
        manifest = _manifest(names, course, units)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in [("imsmanifest.xml", manifest), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the server runs on
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def reading_url(reference) -> str:
    """Where a reading is online: its DOI link when it has a DOI, else its URL (web addresses only), else ""."""
    return _doi_link(reference) or _web_address(reference)


def _doi_link(reference) -> str:
    doi = reference.doi.strip()
    return f"https://doi.org/{quote(doi, safe=DOI_SAFE)}" if doi else ""


def _web_address(reference) -> str:
    # Only web addresses become links (no javascript:, no bare "www…"), whatever was stored.
    return safe_href(reference.url)


def _page_path(position: int) -> str:
    return f"web_resources/unit-{position:02d}-readings.html"


def _page_title(unit) -> str:
    return _("Readings: %(unit)s") % {"unit": unit.title}


def _weblink_path(item) -> str:
    return f"weblinks/reading-{item.pk}.xml"


def _clean(text) -> str:
    return NOT_XML.sub("", str(text))


def _element(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    # Tags and namespace declarations are written out literally (xmlns="…" on the root, prefixes such as
    # lomimscc: below it) rather than through ElementTree's global prefix registry: importers such as Moodle's
    # recognise a cartridge by the literal default namespace declaration at the top of the manifest.
    element = ET.Element(tag) if parent is None else ET.SubElement(parent, tag)
    for name, value in attributes.items():
        element.set(name.replace("__", ":"), _clean(value))  # xmlns__lom= -> xmlns:lom=
    if text is not None:
        element.text = _clean(text)
    return element


def _xml(root: ET.Element) -> bytes:
    ET.indent(root)
    return (XML_DECLARATION + ET.tostring(root, encoding="unicode") + "\n").encode()


def _manifest(names: Version, course, units) -> bytes:
    manifest = _element(
        None,
        "manifest",
        identifier=f"course_{course.pk}",
        xmlns=names.cp_ns,
        xmlns__lomimscc=names.lom_manifest_ns,
        xmlns__lom=names.lom_resource_ns,
        xmlns__xsi=XSI_NS,
        xsi__schemaLocation=names.manifest_schema_location(),
    )
    metadata = _element(manifest, "metadata")
    _element(metadata, "schema", "IMS Common Cartridge")
    _element(metadata, "schemaversion", names.schemaversion)
    general = _element(_element(metadata, "lomimscc:lom"), "lomimscc:general")
    title = _element(general, "lomimscc:title")
    _element(title, "lomimscc:string", f"{course.code} {course.title}", language=course.language)
    _element(general, "lomimscc:language", course.language)

    organizations = _element(manifest, "organizations")
    resources = _element(manifest, "resources")
    if units:  # an organization's root item needs at least one child, so a course without units has none
        organization = _element(organizations, "organization", identifier="organization", structure="rooted-hierarchy")
        root = _element(organization, "item", identifier="units")
        for position, unit in enumerate(units, start=1):
            module = _element(root, "item", identifier=f"item_unit_{unit.pk}")
            _element(module, "title", unit.title)
            page = _element(module, "item", identifier=f"item_page_{unit.pk}", identifierref=f"res_page_{unit.pk}")
            _element(page, "title", _page_title(unit))
            resource = _element(
                resources, "resource", identifier=f"res_page_{unit.pk}", type="webcontent", href=_page_path(position)
            )
            _element(resource, "file", href=_page_path(position))
            for item in unit.items.all():
                if not reading_url(item.reference):
                    continue
                link = _element(
                    module, "item", identifier=f"item_reading_{item.pk}", identifierref=f"res_reading_{item.pk}"
                )
                _element(link, "title", item.reference.title)
                resource = _element(resources, "resource", identifier=f"res_reading_{item.pk}", type=names.weblink_type)
                _element(resource, "file", href=_weblink_path(item))
    return _xml(manifest)


def _weblink(names: Version, title: str, url: str) -> bytes:
    link = _element(
        None,
        "webLink",
        xmlns=names.weblink_ns,
        xmlns__xsi=XSI_NS,
        xsi__schemaLocation=names.weblink_schema_location(),
    )
    _element(link, "title", title)
    _element(link, "url", href=url, target="_blank")
    return _xml(link)


def _unit_page(course, unit) -> str:
    """A small HTML page: the unit's summary and goals, then every reading with its citation and note."""
    title = _page_title(unit)
    meta = [format_date(unit.date, "j M Y")] if unit.date else []
    if unit.load["minutes"]:
        meta.append(_("about %(minutes)s min of reading") % {"minutes": unit.load["minutes"]})
    parts = [format_html("<h1>{}</h1>", title)]
    if meta:
        parts.append(format_html("<p>{}</p>", " · ".join(meta)))
    if unit.summary:
        parts.append(render_markdown(unit.summary))
    if unit.learning_goals:
        parts.append(format_html("<h2>{}</h2>{}", _("Learning goals"), render_markdown(unit.learning_goals)))
    if readings := [_reading(item) for item in unit.items.all()]:
        parts.append(format_html("<ul>{}</ul>", mark_safe("".join(readings))))  # each built by format_html
    body = "\n".join(parts)
    return _clean(
        format_html(
            '<!DOCTYPE html>\n<html lang="{}">\n<head>\n<meta charset="utf-8">\n<title>{}</title>\n</head>\n'
            "<body>\n{}\n</body>\n</html>\n",
            course.language,
            title,
            mark_safe(body),  # escaped above, piece by piece
        )
    )


def _reading(item) -> str:
    reference = item.reference
    details = []
    if item.pages:
        details.append(format_html("{}", item.page_locator()))
    if item.section:
        details.append(format_html("{}", item.section))
    minutes = item.estimated_minutes()
    details.append(_("~%(minutes)s min") % {"minutes": minutes} if minutes else _("time not estimated"))
    links = [("DOI", _doi_link(reference)), (_("Link"), _web_address(reference))]
    details += [
        format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, label) for label, url in links if url
    ]
    return format_html(
        "<li><p><strong>{}</strong></p><p>{}</p><p>{}</p>{}</li>",
        item.get_importance_display(),
        item.formatted,  # escaped HTML from the citation engine, as on the course page
        mark_safe(" · ".join(format_html("{}", detail) for detail in details)),
        render_markdown(item.note) if item.note else "",
    )
