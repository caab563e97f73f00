"""Any set of references as a file: RIS, BibTeX, CSL-JSON, or a formatted bibliography in a CSL style."""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from literature.citations import bibliography_document
from literature.formats import WRITERS, csljson
from literature.formats.record import ReferenceRecord

# URL suffix -> (label, content type, file extension, writer name or None for the formatted bibliography)
REFERENCE_EXPORTS = {
    "ris": (_("RIS (EndNote, Zotero)"), "application/x-research-info-systems", "ris", "ris"),
    "bib": ("BibTeX", "application/x-bibtex", "bib", "bibtex"),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", "json", "csljson"),
    "txt": (_("Bibliography (text)"), "text/plain", "txt", None),
}


def export_links() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, *_rest) in REFERENCE_EXPORTS.items()]


def file_response(body, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def references_file(references, export: str, style: str, name: str, numbers=None) -> HttpResponse:
    """`references` need their authors prefetched; `numbers` are citation numbers to carry, if any."""
    _label, content_type, extension, writer = REFERENCE_EXPORTS[export]
    records = [ReferenceRecord.from_reference(reference) for reference in references]
    if writer is None:
        body = bibliography_document([csljson.record_to_csl(record) for record in records], style, "text")
    else:
        body = WRITERS[writer](records, numbers or [None] * len(records))
    return file_response(body, content_type, f"{slugify(name) or 'references'}.{extension}")
