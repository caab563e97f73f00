"""Highwire Press `citation_*` meta tags for a reference page: what Google Scholar indexes and what the Zotero
Connector (its Embedded Metadata translator) saves from a page showing one work."""

from literature.models import ReferenceType

# The tag that names the container or institution tells readers the type of work.
JOURNAL_TYPES = {ReferenceType.ARTICLE_JOURNAL, ReferenceType.ARTICLE_MAGAZINE, ReferenceType.ARTICLE_NEWSPAPER}


def _pages(pages: str) -> list[tuple[str, str]]:
    start, dash, end = pages.replace("–", "-").partition("-")
    tags = [("citation_firstpage", start.strip())]
    if dash:
        tags.append(("citation_lastpage", end.strip()))
    return tags


def highwire_tags(reference) -> list[tuple[str, str]]:
    """(name, content) pairs for the reference (authors prefetched), empty values left out."""
    tags = [("citation_title", reference.title)]
    for author in reference.authors.all():
        name = author.literal or (f"{author.family}, {author.given}" if author.given else author.family)
        tags.append(("citation_author", name))
    if reference.year:
        tags.append(("citation_publication_date", str(reference.year)))
    if reference.type in JOURNAL_TYPES:
        tags.append(("citation_journal_title", reference.container_title))
    elif reference.type == ReferenceType.THESIS:
        tags.append(("citation_dissertation_institution", reference.publisher))
    elif reference.type == ReferenceType.REPORT:
        tags.append(("citation_technical_report_institution", reference.publisher))
    elif reference.type == ReferenceType.PAPER_CONFERENCE:
        tags.append(("citation_conference_title", reference.container_title))
    elif reference.type == ReferenceType.CHAPTER:
        tags.append(("citation_inbook_title", reference.container_title))
    if reference.type not in (ReferenceType.THESIS, ReferenceType.REPORT):
        tags.append(("citation_publisher", reference.publisher))
    tags += [("citation_volume", reference.volume), ("citation_issue", reference.issue)]
    if reference.pages:
        tags += _pages(reference.pages)
    tags += [("citation_doi", reference.doi), ("citation_language", reference.language)]
    tags.append(("citation_abstract_html_url", reference.url))
    return [(name, content) for name, content in tags if content]
