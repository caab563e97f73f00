"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Chromium is the distribution package at /usr/bin/chromium (`scripts/test` installs it when it is
missing); Playwright's own browser downloads (`playwright install`) are never used.

Fixtures:
  browser      -- one headless Chromium for the whole session
  page         -- a desktop page (1280x800) in a fresh context, its base URL the live server
  phone_page   -- a phone page (375x812, is_mobile, device scale factor 2), base URL the live server
  new_page     -- opens more pages with any context options, e.g. two users side by side
  screenshot   -- screenshot(page, "name") saves artifacts/screenshots/name.png (full page)

Every page fixture runs the test against a live server on a transactional database, so data that
fixtures such as `seeded` create is committed and visible to the server thread. Mark browser test
modules with `pytestmark = pytest.mark.browser`.
"""

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, expect, sync_playwright

# Playwright's sync API drives the browser from an asyncio event loop that stays registered as the
# running loop of the test thread for as long as Playwright is started (here: the whole session).
# Django sees that loop and refuses every ORM call from the thread with SynchronousOnlyOperation,
# even though the loop only carries Playwright's messages and no coroutine touches the database.
# Allowing "async-unsafe" calls is safe for that reason. It has to be process-wide and set before
# the browser starts: Playwright stays up until the session ends, so the tests that pytest-django
# runs after the browser tests (those without a database) also run with the loop registered.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # root in a container has no usable sandbox
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}

# A broken page should fail in seconds, not hang: actions, navigations and expect() assertions.
TIMEOUT_MS = 20_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. Run scripts/test, which installs it, "
            "or `apt-get install -y --no-install-recommends chromium` (never `playwright install`).",
            pytrace=False,
        )
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    """Remember each phase's report on the test item, so page fixtures know whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest,
    browser: Browser,
    live_server,
    transactional_db,
) -> Iterator[Callable[..., Page]]:
    """Open pages in fresh browser contexts whose base URL is the live server; close them after the test.

    `transactional_db` commits what fixtures write, so the live server's thread sees it; it is what
    pytest-django picks with `live_server` anyway, but is spelled out here. Its flush after each test also
    deletes the rows that migrations create (the Instructor group, permissions) and the seed; tests/conftest.py
    writes its snapshot of them back before the next test, so every browser test starts from a migrated database.
    When the test fails, each page is saved as artifacts/screenshots/FAILED-<test>-<n>.png.
    """
    contexts = []

    def open_page(**context_options) -> Page:
        context = browser.new_context(base_url=live_server.url, **context_options)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page

    report = getattr(request.node, "report_call", None)
    failed = report is not None and report.failed
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    if failed:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pages = [page for context in contexts for page in context.pages]
        for n, page in enumerate(pages, start=1):
            # A page too broken to photograph must not hide the test's own failure.
            with contextlib.suppress(Exception):
                page.screenshot(path=SCREENSHOTS / f"FAILED-{name}-{n}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A desktop-sized page (1280x800)."""
    return new_page(**DESKTOP)


@pytest.fixture
def phone_page(new_page: Callable[..., Page]) -> Page:
    """A phone-sized page (375x812 CSS pixels, is_mobile, touch, device scale factor 2)."""
    return new_page(**PHONE)


@pytest.fixture
def screenshot() -> Callable[..., Path]:
    """screenshot(page, "home-desktop") saves artifacts/screenshots/home-desktop.png and returns its path."""

    def save(page: Page, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=full_page)
        return path

    return save


class BrowserProblems:
    """Console errors, uncaught exceptions, HTTP errors and failed requests of every page it watches."""

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self._add(page, f"uncaught: {error}"))
        page.on(
            "response",
            lambda response: response.status >= 400 and self._add(page, f"HTTP {response.status}: {response.url}"),
        )
        page.on(
            "requestfailed",
            # ERR_ABORTED: a navigation cancelled what the previous page was still loading, e.g. an icon.
            lambda request: (
                request.failure != "net::ERR_ABORTED" and self._add(page, f"failed: {request.url} {request.failure}")
            ),
        )
        return page

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error":
            self._add(page, f"console: {message.text} at {message.location}")

    def _add(self, page: Page, problem: str) -> None:
        self.problems.append(f"{problem} (on {page.url})")

    def assert_none(self) -> None:
        assert self.problems == [], "the browser reported problems:\n" + "\n".join(self.problems)
