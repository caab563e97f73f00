"""Any set of references as a file: RIS, BibTeX, CSL-JSON, or a formatted bibliography in a CSL style."""

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lbc_site.responses import file_response
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


# What `references_body` writes: a bibliography format, or a formatted bibliography in a CSL style.
BODY_FORMS = (*WRITERS, "text", "html")


def references_body(references, form: str, style: str, numbers=None) -> str:
    """`references` (with their authors prefetched) as `form`, one of BODY_FORMS; `numbers` are citation
    numbers to carry, if any. The data formats ignore the style."""
    records = [ReferenceRecord.from_reference(reference) for reference in references]
    if form in ("text", "html"):
        return bibliography_document([csljson.record_to_csl(record) for record in records], style, form)
    return WRITERS[form](records, numbers or [None] * len(records))


def export_links() -> list[tuple[str, str]]:
    return [(key, label) for key, (label, *_rest) in REFERENCE_EXPORTS.items()]


def references_file(references, export: str, style: str, name: str, numbers=None) -> HttpResponse:
    """`references` need their authors prefetched; `numbers` are citation numbers to carry, if any."""
    _label, content_type, extension, writer = REFERENCE_EXPORTS[export]
    body = references_body(references, writer or "text", style, numbers)
    return file_response(body, content_type, f"{slugify(name) or 'references'}.{extension}")
