"""An import (the admin's import page, the import_references command) runs with the objects that existed before it
frozen out of the garbage collector's passes, which otherwise went over the whole process several times during
a large import; they are handed back when it ends, whether it succeeded or not."""

import gc
import io

import pytest
from django.core.management import call_command

from lbc_site.collector import spares_older_objects


def test_the_objects_that_existed_are_frozen_while_the_function_runs_and_handed_back_after():
    seen = []

    @spares_older_objects
    def importing():
        seen.append(gc.get_freeze_count())
        return "done"

    assert gc.get_freeze_count() == 0
    assert importing() == "done"
    assert seen[0] > 0
    assert gc.get_freeze_count() == 0


def test_they_are_handed_back_when_the_function_fails():
    @spares_older_objects
    def failing():
        raise ValueError("a bad entry")

    with pytest.raises(ValueError):
        failing()
    assert gc.get_freeze_count() == 0


@pytest.fixture
def freezes(monkeypatch) -> list[int]:
    """How many objects were frozen each time an import started."""
    frozen = []
    freeze = gc.freeze

    def counting_freeze():
        freeze()
        frozen.append(gc.get_freeze_count())

    monkeypatch.setattr(gc, "freeze", counting_freeze)
    return frozen


@pytest.mark.django_db
def test_the_import_command_spares_them(freezes, tmp_path):
    path = tmp_path / "list.bib"
    path.write_text("@book{zhou2020, title = {Children who stay}, author = {Zhou, L}, year = {2020}}\n")
    call_command("import_references", str(path), format="bibtex", dry_run=True, stdout=io.StringIO())
    assert len(freezes) == 1 and freezes[0] > 0
    assert gc.get_freeze_count() == 0


@pytest.mark.django_db
def test_the_admin_import_page_spares_them(freezes, admin_client):
    response = admin_client.post(
        "/admin/literature/reference/import/",
        {"format": "bibtex", "text": "@book{zhou2020, title = {Children who stay}, author = {Zhou, L}, year = {2020}}"},
    )
    assert response.status_code == 200
    assert len(freezes) == 1 and freezes[0] > 0
    assert gc.get_freeze_count() == 0
