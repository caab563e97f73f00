"""Original-language metadata in the formats that have no field for all of it (RIS, BibTeX).

The original title has a field in each (RIS OP, "original publication"; biblatex origtitle). The original journal
and the authors' original names have none, so they travel in the note lines our RIS (N1) and BibTeX (annote)
exports already use for the citation as printed:

    Original journal: 中国青年研究
    Original authors: 蔡佳; ; 中华人民共和国教育部

one entry per author in order, empty where an author has no original name. Our importers read them back.
"""

import dataclasses

from literature.formats.record import Name, ReferenceRecord

ORIGINAL_CONTAINER = "Original journal: "
ORIGINAL_AUTHORS = "Original authors: "
PREFIXES = (ORIGINAL_CONTAINER, ORIGINAL_AUTHORS)


def note_lines(record: ReferenceRecord, clean) -> list[str]:
    """The note lines for `record`'s original journal and author names (`clean` makes a value one line)."""
    lines = []
    if clean(record.original_container_title):
        lines.append(ORIGINAL_CONTAINER + clean(record.original_container_title))
    if any(clean(name.original) for name in record.authors):
        lines.append(ORIGINAL_AUTHORS + "; ".join(clean(name.original).replace(";", ",") for name in record.authors))
    return lines


def is_original_line(line: str) -> bool:
    return line.startswith(PREFIXES)


def read_lines(lines: list[str], authors: list[Name]) -> tuple[str, list[Name], list[str]]:
    """(original journal, the authors with their original names, review notes about lines not kept)."""
    container, notes = "", []
    for line in lines:
        if line.startswith(ORIGINAL_CONTAINER) and not container:
            container = line.removeprefix(ORIGINAL_CONTAINER).strip()
        elif line.startswith(ORIGINAL_AUTHORS):
            names = [part.strip() for part in line.removeprefix(ORIGINAL_AUTHORS).split(";")]
            if len(names) == len(authors):
                authors = [
                    dataclasses.replace(author, original=name) for author, name in zip(authors, names, strict=True)
                ]
            else:
                notes.append(f"original author names not kept: {len(names)} name(s) for {len(authors)} author(s)")
    return container, authors, notes
