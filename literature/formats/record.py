"""The in-memory form of one bibliographic record, shared by every importer and exporter."""

from dataclasses import dataclass, field


class ParseError(ValueError):
    """Input that cannot be imported; the message names the entry (or line) and the problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""
    original: str = ""  # the name in its original script (蔡佳), when known

    def is_organisation(self) -> bool:
        return bool(self.literal)


# The fields compared to decide whether a re-import changes a reference.
BIBLIOGRAPHIC_FIELDS = (
    "type",
    "title",
    "container_title",
    "volume",
    "issue",
    "pages",
    "year",
    "publisher",
    "publisher_place",
    "genre",
    "doi",
    "url",
    "language",
    "citation_text",
    "original_title",
    "original_container_title",
)


@dataclass
class ReferenceRecord:
    type: str
    title: str
    authors: list[Name] = field(default_factory=list)
    container_title: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: int | None = None
    publisher: str = ""
    publisher_place: str = ""
    genre: str = ""
    doi: str = ""
    url: str = ""
    language: str = ""
    citation_text: str = ""
    # The title and journal in the work's own language and script (Chinese), when known.
    original_title: str = ""
    original_container_title: str = ""
    # Where the record came from: its number in a numbered list and its key, when the source gives them.
    number: int | None = None
    key: str = ""
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def from_reference(cls, reference) -> "ReferenceRecord":
        return cls(
            **{name: getattr(reference, name) for name in BIBLIOGRAPHIC_FIELDS},
            authors=[Name(a.family, a.given, a.literal, a.original) for a in reference.authors.all()],
            key=reference.key,
            warnings=reference.review_note_list(),
        )

    def first_author_key(self) -> str:
        if not self.authors:
            return ""
        first = self.authors[0]
        return first.literal or first.family

    def bibliographic_data(self) -> dict:
        data = {name: getattr(self, name) for name in BIBLIOGRAPHIC_FIELDS}
        data["authors"] = list(self.authors)
        data["warnings"] = list(self.warnings)
        return data
