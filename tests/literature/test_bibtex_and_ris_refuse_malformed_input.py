"""Malformed BibTeX and RIS are refused with the entry named (position, key or ID, line) and nothing written."""

import pytest
from django.core.management import CommandError, call_command

from literature.models import Author, Citation, Reference

GOOD_BIBTEX = (
    "@article{smith2019, author = {Smith, J}, title = {Migrant parents}, journal = {Child Dev}, year = 2019}\n"
)
GOOD_RIS = "TY  - JOUR\nID  - smith2019\nAU  - Smith, J\nTI  - Migrant parents\nT2  - Child Dev\nPY  - 2019\nER  - \n"


def run_import(tmp_path, content, fmt):
    path = tmp_path / f"references.{'bib' if fmt == 'bibtex' else 'ris'}"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    call_command("import_references", str(path), format=fmt, verbosity=0)


def assert_nothing_written():
    assert (Reference.objects.count(), Author.objects.count(), Citation.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD_BIBTEX + "@book{lee2020, author = {Lee, K}}\n", "entry 2 (key 'lee2020', line 2): 'title' is missing"),
        (
            GOOD_BIBTEX + "@article{wang2020,\n  title = {Unclosed,\n  year = 2020\n",
            "entry 2 (key 'wang2020', line 2): malformed BibTeX (Unexpectedly reached end of file.)",
        ),
        (
            "@article{wang2020 title = {No comma after the key}}\n" + GOOD_BIBTEX,
            "entry 1 (key 'wang2020', line 1): malformed BibTeX (Expected comma after entry key, but found =)",
        ),
        (
            GOOD_BIBTEX + "@novel{li2021, title = {A novel}}\n",
            "entry 2 (key 'li2021', line 2): unknown entry type '@novel'",
        ),
        (
            GOOD_BIBTEX + "@book{smith2019, title = {Another work}}\n",
            "entry 2 (key 'smith2019', line 2): the key 'smith2019' is used by an earlier entry too",
        ),
        (
            "@book{b, title = {T}, title = {T again}}\n",
            "entry 1 (key 'b', line 1): a field is given twice (title)",
        ),
        (
            "@book{b, title = {T}, year = {MMXX}}\n",
            "entry 1 (key 'b', line 1): 'year' must start with a four-digit year, got 'MMXX'",
        ),
        ("@book{b, title = {T}, year = 3000}\n", "entry 1 (key 'b', line 1): year 3000 is out of range"),
        (
            "@book{b, title = {T}, author = {Smith, J, Jr, Extra}}\n",
            "entry 1 (key 'b', line 1): author 1 ('Smith, J, Jr, Extra'): too many commas",
        ),
        (
            "@article{b, title = {T}, journal = jcp}\n",
            "entry 1 (key 'b', line 1): 'journal' is neither in braces nor in quotes (an undefined @string",
        ),
        (
            "@article{b, title = {T}, volume = {" + "9" * 41 + "}}\n",
            "entry 1 (key 'b', line 1): the volume is longer than 40 characters",
        ),
        ("Our reading list, without any entries.\n", "no BibTeX entries found"),
        ("", "the file is empty"),
        ("  \n\n", "the file is empty"),
        (GOOD_BIBTEX.encode() + b"% caf\xe9\n", "line 2: the file is not valid UTF-8"),
    ],
    ids=[
        "no-title",
        "unclosed-entry",
        "no-comma-after-key",
        "unknown-type",
        "duplicate-key",
        "duplicate-field",
        "bad-year",
        "year-out-of-range",
        "bad-author",
        "undefined-string",
        "too-long",
        "no-entries",
        "empty-file",
        "blank-file",
        "bad-utf8",
    ],
)
def test_it_refuses_malformed_bibtex_and_writes_nothing(db, tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content, "bibtex")
    assert message in str(error.value)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            GOOD_RIS + "\nTY  - BOOK\nID  - lee2020\nAU  - Lee, K\nER  - \n",
            "entry 2 (ID 'lee2020', line 9): the title (TI) is missing",
        ),
        (GOOD_RIS + "TY  - BOOK\nTI  - Unfinished\n", "entry 2 (line 8): the record has no 'ER  - ' line"),
        (
            "TY  - BOOK\nTI  - No end\n" + GOOD_RIS,
            "entry 1 (line 1): no 'ER  - ' line before the next record",
        ),
        ("Our reading list\n" + GOOD_RIS, "line 1: text 'Our reading list' outside a record"),
        ("AU  - Orphan, A\n" + GOOD_RIS, "line 1: 'AU  - ' line outside a record"),
        (
            GOOD_RIS.replace("TY  - JOUR", "TY  - NOVEL"),
            "entry 1 (ID 'smith2019', line 1): unknown or missing reference type 'NOVEL'",
        ),
        (
            GOOD_RIS.replace("PY  - 2019", "PY  - circa 2019"),
            "entry 1 (ID 'smith2019', line 1): 'PY' must start with a four-digit year, got 'circa 2019'",
        ),
        (
            GOOD_RIS.replace("PY  - 2019", "VL  - " + "9" * 41),
            "entry 1 (ID 'smith2019', line 1): the volume is longer than 40 characters",
        ),
        ("Just some prose.\n", "line 1: text 'Just some prose.' outside a record"),
        ("", "the file is empty"),
        (b"\xef\xbb\xbf" + GOOD_RIS.encode() + b"N1  - caf\xe9\n", "line 8: the file is not valid UTF-8"),
    ],
    ids=[
        "no-title",
        "no-end",
        "no-end-before-next",
        "preamble",
        "tag-outside-record",
        "unknown-type",
        "bad-year",
        "too-long",
        "no-records",
        "empty-file",
        "bad-utf8",
    ],
)
def test_it_refuses_malformed_ris_and_writes_nothing(db, tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content, "ris")
    assert message in str(error.value)
    assert_nothing_written()


def test_it_names_every_bad_bibtex_entry_not_just_the_first(db, tmp_path):
    content = "@book{a, author = {A, B}}\n" + GOOD_BIBTEX + "@novel{c, title = {C}}\n"
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content, "bibtex")
    assert "entry 1 (key 'a', line 1): 'title' is missing" in str(error.value)
    assert "entry 3 (key 'c', line 3): unknown entry type '@novel'" in str(error.value)
    assert_nothing_written()


def test_it_names_every_bad_ris_record_not_just_the_first(db, tmp_path):
    content = "TY  - BOOK\nID  - a\nER  - \n" + GOOD_RIS + "TY  - NOVEL\nTI  - C\nER  - \n"
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content, "ris")
    assert "entry 1 (ID 'a', line 1): the title (TI) is missing" in str(error.value)
    assert "entry 3 (line 11): unknown or missing reference type 'NOVEL'" in str(error.value)
    assert_nothing_written()


def test_the_libraries_own_warnings_do_not_reach_the_console(db, tmp_path, capsys, caplog):
    """bibtexparser logs the problems it recovers from (with lines counted from 0); our message says it once."""
    with pytest.raises(CommandError):
        run_import(tmp_path, GOOD_BIBTEX + "@article{wang2020,\n  title = {Unclosed,\n", "bibtex")
    assert not [record for record in caplog.records if record.name.startswith(("bibtexparser", "pylatexenc"))]
    assert capsys.readouterr().err == ""
