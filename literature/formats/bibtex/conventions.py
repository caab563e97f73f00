"""How our records map onto BibTeX: entry types, fields, the escapes of TeX's special characters."""

import re

from literature.models import ReferenceType

KNOWN_TYPES = set(ReferenceType.values)

# CSL type -> (entry type, entrysubtype). Theses are typed by their genre (THESIS_ENTRY_TYPES);
# any other CSL type is written as @misc with the CSL type as its entrysubtype.
EXPORT_TYPES = {
    "article-journal": ("article", ""),
    "article-magazine": ("article", "magazine"),
    "article-newspaper": ("article", "newspaper"),
    "book": ("book", ""),
    "chapter": ("incollection", ""),
    "paper-conference": ("inproceedings", ""),
    "report": ("techreport", ""),
}
THESIS_ENTRY_TYPES = {"master's thesis": "mastersthesis", "doctoral dissertation": "phdthesis"}
THESIS_GENRES = {entry_type: genre for genre, entry_type in THESIS_ENTRY_TYPES.items()}

# Entry type (BibTeX and biblatex, with their aliases) -> CSL type; None: decided by entrysubtype.
IMPORT_TYPES = {
    "article": None,
    "misc": None,
    "book": "book",
    "booklet": "book",
    "mvbook": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "inreference": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "dataset": "dataset",
    "standard": "standard",
    "manual": "document",
    "unpublished": "document",
}
ARTICLE_SUBTYPES = {"": "article-journal", "magazine": "article-magazine", "newspaper": "article-newspaper"}

# Where the container title and the publisher go, by entry type (anything else: the default).
CONTAINER_FIELDS = {"article": "journal", "incollection": "booktitle", "inproceedings": "booktitle"}
CONTAINER_FIELDS |= {"book": "series", "techreport": "series"}
DEFAULT_CONTAINER_FIELD = "howpublished"
PUBLISHER_FIELDS = {"mastersthesis": "school", "phdthesis": "school", "thesis": "school"}
PUBLISHER_FIELDS |= {"techreport": "institution"}
DEFAULT_PUBLISHER_FIELD = "publisher"
# On import, when the entry type's own field is absent, the first of these that is present is used.
CONTAINER_FALLBACKS = ("journal", "journaltitle", "booktitle", "series", "howpublished")
PUBLISHER_FALLBACKS = ("publisher", "school", "institution", "organization")

PRINTED_AS = "Printed as: "
REVIEW_NOTE = "Review note: "
NUMBER_FIELD = "citation-number"

# Characters special to TeX, and how they are written in a field value.
ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Places where TeX would join two characters into one (-- into –, `` into “, !` into ¡, …).
LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
# TeX's whitespace: runs of it are one space. Other Unicode spaces (U+3000, no-break) are kept.
TEX_WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
# A value without any of these reads the same as text and as LaTeX.
NEEDS_DECODING = re.compile(r"[\\{}$%&~#_^]|--|``|''|[!?]`")
SAFE_KEY = re.compile(r"[^A-Za-z0-9_:.+/-]+")
FAILED_BLOCK_START = re.compile(r"@\s*(?P<type>\w*)\s*[{(]\s*(?P<key>[^,\s{}()=]*)")

LIBRARY_LOGGERS = ("bibtexparser", "pylatexenc")


def collapse(value: str) -> str:
    """Runs of TeX whitespace as one space, as TeX reads them."""
    return TEX_WHITESPACE.sub(" ", value).strip()
