"""Exported BibTeX titles brace acronyms, mixed-case words and proper nouns, so a BibTeX style that lower-cases
titles keeps them; our importer reads the braced titles back exactly as they were."""

from literature.formats import bibtex
from literature.formats.record import Name, ReferenceRecord


def exported_title(title: str) -> str:
    record = ReferenceRecord(type="article-journal", title=title, authors=[Name("Cai", "J")], key="k")
    line = next(line for line in bibtex.dumps([record]).splitlines() if line.strip().startswith("title ="))
    return line.strip().removeprefix("title = {").removesuffix(",").removesuffix("}")


def test_acronyms_mixed_case_words_and_places_are_braced_in_a_title_case_title():
    assert exported_title("The Role of UNICEF in China: COVID-19 and iPhone Use among Left-Behind Children") == (
        "The Role of {UNICEF} in {China}: {COVID}-19 and {iPhone} Use among Left-Behind Children"
    )


def test_every_capitalised_word_after_the_first_is_braced_in_a_sentence_case_title():
    assert exported_title("Migrant children in Guangming and their parents' work in Hubei") == (
        "Migrant children in {Guangming} and their parents' work in {Hubei}"
    )


def test_braces_and_escapes_read_back_as_the_title_was_written():
    titles = [
        "The Role of UNICEF in China: COVID-19 and iPhone Use among Left-Behind Children",
        "Migrant children in Guangming & their {parents} in Hubei -- 50% of them",
        "McDonald’s in Beijing and Xi'an: A Study of Children",
    ]
    records = [
        ReferenceRecord(type="article-journal", title=title, authors=[Name("Cai", "J")], key=f"k{index}")
        for index, title in enumerate(titles)
    ]
    assert [record.title for record in bibtex.parse(bibtex.dumps(records))] == titles


def test_the_article_references_keep_their_titles_through_bibtex(seeded):
    from literature.formats.record import ReferenceRecord as Record

    references = [citation.reference for citation in seeded.cited_references()]
    records = [Record.from_reference(reference) for reference in references]
    exported = bibtex.dumps(records)
    assert "{China}" in exported
    assert [record.title for record in bibtex.parse(exported)] == [reference.title for reference in references]
