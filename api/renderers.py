"""Reference collections and course reading lists as CSL-JSON, BibTeX or RIS (?format= or Accept)."""

from rest_framework.renderers import BaseRenderer

from literature.formats import WRITERS
from literature.formats.record import Name, ReferenceRecord

RECORD_FIELDS = ["type", "title", "container_title", "volume", "issue", "pages", "year", "publisher",
                 "publisher_place", "genre", "doi", "url", "language", "citation_text"]  # fmt: skip


def record_from_api(data: dict) -> ReferenceRecord:
    return ReferenceRecord(
        **{name: data[name] for name in RECORD_FIELDS},
        authors=[Name(**author) for author in data["authors"]],
        key=data["key"],
    )


def references_in(data) -> list[dict]:
    """The references a response carries: a page of references, one reference, or a course's readings."""
    if isinstance(data, dict) and "results" in data:
        return [result for result in data["results"] if "key" in result]
    if isinstance(data, dict) and "units" in data:
        seen = {}
        for unit in data["units"]:
            for item in unit["items"]:
                seen.setdefault(item["reference"]["key"], item["reference"])
        return list(seen.values())
    if isinstance(data, dict) and "key" in data:
        return [data]
    return []


class BibliographyRenderer(BaseRenderer):
    charset = "utf-8"
    writer = ""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            # Errors stay readable in whatever format was asked for.
            return str(data.get("detail", data) if isinstance(data, dict) else data).encode()
        records = [record_from_api(reference) for reference in references_in(data)]
        # An empty body would make DRF drop the Content-Type header; an empty list is still a file of this type.
        return WRITERS[self.writer](records, [None] * len(records)).encode() or b"\n"


class CSLJSONRenderer(BibliographyRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csljson"
    writer = "csljson"


class BibTeXRenderer(BibliographyRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"
    writer = "bibtex"


class RISRenderer(BibliographyRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"
    writer = "ris"


BIBLIOGRAPHY_RENDERERS = [CSLJSONRenderer, BibTeXRenderer, RISRenderer]
