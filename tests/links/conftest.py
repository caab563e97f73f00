import pytest

from literature.models import Author, Reference, ReferenceType


@pytest.fixture
def one_of_each_type(seeded):
    """A reference of every type not in the seed (the seed holds theses, journal articles, reports and a book),
    with every field a context object carries."""
    made = []
    for number, (type_, container) in enumerate(
        [
            (ReferenceType.CHAPTER, "Handbook of Migration and Childhood"),
            (ReferenceType.PAPER_CONFERENCE, "Proceedings of the Conference on Child Welfare"),
            (ReferenceType.ARTICLE_MAGAZINE, "China Weekly"),
            (ReferenceType.WEBPAGE, ""),
            (ReferenceType.DOCUMENT, ""),
        ],
        start=1,
    ):
        reference = Reference.objects.create(
            type=type_,
            title=f"Made-up work number {number} on migrant families",
            container_title=container,
            volume="7",
            issue="2",
            pages="101–119",
            year=2019 + number,
            publisher="Example Press",
            publisher_place="Beijing",
            doi=f"10.1234/made.{number}",
            url=f"https://example.org/works/{number}?lang=en&id={number}",
            language="en",
        )
        Author.objects.create(reference=reference, position=1, family="Wang", given="Li")
        Author.objects.create(reference=reference, position=2, family="Zhao", given="M")
        made.append(reference)
    return made
