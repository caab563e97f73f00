# ruff: noqa: F811 -- pytest fixtures imported from the local-server test are parameters here
"""check_links --max-seconds: a scheduled run stops starting new references when its time is up, says so, and
the next run starts with the references checked longest ago, so runs that stop early cover the library."""

import io

import pytest
from django.core.management import call_command

from literature.models import LinkCheck
from tests.literature.test_check_links_against_a_local_server import (  # noqa: F401 -- fixtures
    base,
    check_links,
    make,
    only_this_machine,
    server,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def slow_library(base):
    # Each reference takes about 0.5 s (the timeout); batches are 8 references (concurrency 1).
    for n in range(20):
        make(f"slow-{n:02}", f"{base}/slow?{n}")


def test_a_run_stops_at_its_time_budget_and_says_what_is_left(slow_library):
    out = check_links("--concurrency", "1", "--max-seconds", "1")
    checked = LinkCheck.objects.count()
    assert checked == 8  # one batch started within the budget; no further one
    assert f"Checked {checked} link(s) of {checked} reference(s)" in out
    assert "Stopped at the time budget (--max-seconds 1): 12 reference(s) left for the next run." in out


def test_the_next_run_checks_first_what_was_never_or_longest_ago_checked(slow_library):
    check_links("--concurrency", "1", "--max-seconds", "1")
    first = set(LinkCheck.objects.values_list("reference__key", flat=True))
    check_links("--concurrency", "1", "--max-seconds", "1")
    second = set(LinkCheck.objects.values_list("reference__key", flat=True)) - first
    assert len(second) == 8 and not second & first


def test_without_a_budget_every_reference_is_checked(base):
    for n in range(3):
        make(f"ok-{n}", f"{base}/ok")
    out = check_links()
    assert "Checked 3 link(s) of 3 reference(s): 3 working, 0 broken." in out
    assert "Stopped" not in out


def test_progress_is_shown_only_on_a_terminal(base):
    make("ok", f"{base}/ok")

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    call_command("check_links", "--delay", "0", stdout=terminal)
    assert "\rChecked 1 of 1 references…" in terminal.getvalue()
    assert "references…" not in check_links()
