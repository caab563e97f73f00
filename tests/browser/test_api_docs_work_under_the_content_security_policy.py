"""In a real browser, the API docs page renders every endpoint from local files while the site's Content Security
Policy is enforced: no violation, no failed request, and an injected inline script really is blocked."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BrowserProblems

pytestmark = pytest.mark.browser


def test_the_docs_list_the_endpoints_and_try_one_out_without_a_csp_violation(page, seeded):
    problems = BrowserProblems()
    problems.watch(page)
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))

    page.goto("/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("reading lists API")
    references = page.locator(".opblock-summary-path", has_text="/api/v1/references/").first
    expect(references).to_be_visible()
    references.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    live_response = page.locator(".live-responses-table tbody tr.response")
    expect(live_response.locator(".response-col_status")).to_have_text("200")
    expect(live_response.locator(".response-col_description")).to_contain_text("Left-behind")

    problems.assert_none()
    assert requested_hosts == {page.url.split("/")[2]}, "the docs must load nothing from another host"


def test_the_policy_is_enforced_so_an_injected_inline_script_does_not_run(page, seeded):
    violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.appendChild(script);
        }"""
    )
    assert page.evaluate("window.injected") is None
    assert violations, "the browser should report the blocked inline script"
