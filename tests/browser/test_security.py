"""The Content-Security-Policy in a real browser: the portal's pages, the API docs and the
two-factor set-up run without one violation, and an inline script is really refused."""

import re

import pytest
from playwright.sync_api import expect

from .support import COORDINATOR, PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_policy(page) -> list[str]:
    """Collect what the browser reports about the policy (and any script error)."""
    problems: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            problems.append(f"{page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: script error {error}"))
    return problems


def test_pages_run_without_a_policy_violation(live_server, open_page):
    page = open_page()
    problems = watch_policy(page)
    for path in ("/project/", "/accounts/login/"):
        page.goto(f"{live_server.url}{path}")
    sign_in(page, COORDINATOR)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for path in ("/", "/kpis/", "/clusters/", "/members/", "/services/", "/security/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("load")
    # A page with a print button: its handler comes from portal.js now.
    page.goto(f"{live_server.url}/strategies/")
    page.locator("main table a, main .card a").first.click()
    page.wait_for_load_state("load")
    # The API docs: Swagger UI starts from its script file and shows the API's title.
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("TRACE-KEI portal API")
    # Setting up two-factor log-in: the password again, then the QR code (a data: image).
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    page.get_by_label(re.compile("Password")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Confirm")).click()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()
    assert problems == []


def test_an_inline_script_is_refused(live_server, open_page):
    """The check above could pass by seeing nothing: here the browser must complain."""
    page = open_page()
    problems = watch_policy(page)
    page.goto(f"{live_server.url}/accounts/login/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'window.inlineRan = true;';
                document.body.appendChild(script);
            }"""
        )
    assert page.evaluate("() => window.inlineRan === true") is False
    assert any("Content Security Policy" in problem for problem in problems), problems
