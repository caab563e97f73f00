"""Malformed input is refused with the entry or line named, a non-zero exit, and nothing written."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from literature.models import Author, Citation, Reference

GOOD = "1. Smith J. Migrant parents. Child Dev 2019;90:1021-1035.\n"


def run_import(tmp_path, content, *, fmt="text", name="list.txt"):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    call_command("import_references", str(path), format=fmt, verbosity=0)


def assert_nothing_written():
    assert (Reference.objects.count(), Author.objects.count(), Citation.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD.encode() + b"2. Wang H. Caf\xe9 culture. J X 2020;1:1-2.\n", "line 2: the file is not valid UTF-8"),
        (GOOD + "2.\n3. Li Q. A title. J Y 2020;1:2-3.\n", "entry 2 (line 2): the entry is empty"),
        (GOOD + "3. Li Q. A title. J Y 2020;1:2-3.\n", "entry 3 (line 2): numbering skips after entry 1"),
        (GOOD + "1. Li Q. A title. J Y 2020;1:2-3.\n", "entry 1 (line 2): numbering repeats after entry 1"),
        ("Our reading list\n" + GOOD, "line 1: text before the first numbered entry"),
        ("", "the file is empty"),
        ("Just some prose without numbers.\n", "line 1: text before the first numbered entry"),
    ],
    ids=["bad-utf8", "empty-entry", "gap", "repeat", "preamble", "empty-file", "no-entries"],
)
def test_it_refuses_a_malformed_text_list_and_writes_nothing(db, tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content)
    assert message in str(error.value)
    assert_nothing_written()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"type": "book", "title": "Ok"},', "line 1, column 34: invalid JSON"),
        ('{"items": 3}', "entry 1: unknown or missing type None"),
        ('"a string"', "expected a JSON array of CSL-JSON items"),
        ("[]", "the file holds no items"),
        (
            '[{"id": "a", "type": "book", "title": "Ok"}, {"id": "b", "type": "book"}]',
            "entry 2 (id 'b'): 'title' is missing",
        ),
        ('[{"type": "book", "title": "Ok", "author": [{"given": "J"}]}]', "entry 1: an author has neither"),
        ('[{"type": "book", "title": "Ok", "issued": {"date-parts": "2020"}}]', "entry 1: 'issued.date-parts'"),
        ('[{"type": "novel-ish", "title": "Ok"}]', "entry 1: unknown or missing type 'novel-ish'"),
    ],
    ids=[
        "invalid-json",
        "wrong-shape",
        "not-an-array",
        "no-items",
        "no-title",
        "nameless-author",
        "bad-date",
        "bad-type",
    ],
)
def test_it_refuses_malformed_csl_json_and_writes_nothing(db, tmp_path, content, message):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, content, fmt="csljson", name="items.json")
    assert message in str(error.value)
    assert_nothing_written()


def test_it_names_every_bad_entry_not_just_the_first(db, tmp_path):
    with pytest.raises(CommandError) as error:
        run_import(tmp_path, GOOD + "2.\n4. Li Q. A title. J Y 2020;1:2-3.\n")
    assert "entry 2 (line 2): the entry is empty" in str(error.value)
    assert "entry 4 (line 3): numbering skips after entry 2" in str(error.value)


def test_it_refuses_an_unknown_article(db, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="No article with slug 'nope'"):
        call_command("import_references", str(path), article="nope")
    assert_nothing_written()


def test_the_command_exits_non_zero_with_the_message_on_stderr(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(GOOD + "3. Li Q. A title. J Y 2020;1:2-3.\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_references", str(path), "--dry-run"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "entry 3 (line 2): numbering skips after entry 1" in result.stderr
