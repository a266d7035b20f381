"""axe-core audits (WCAG 2.1 A and AA) of the main pages, as a coordinator and signed out,
at desktop and phone width. A page with any violation fails, with the rules it broke."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .support import COORDINATOR, DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SIGNED_IN_PAGES = [
    "/",
    "/clusters/",
    "/clusters/dare/",
    "/members/",
    "/members/?member_type=sme&sort=-name",
    "/clusters/dare/members/new/",
    "/clusters/dare/members/import/",
    "/clusters/dare/labels/new/",
    "/clusters/dare/invite/",
    "/accounts/api-token/",
    "/accounts/password/change/",
]


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_signed_in_pages_have_no_accessibility_violations(live_server, open_page, viewport, demo):
    page = open_page(viewport)
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    found = {}
    for path in [*SIGNED_IN_PAGES, f"/members/{demo['dare_member_pk']}/"]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if problems := violations(page):
            found[path] = problems
    assert found == {}


def test_a_form_with_errors_has_no_accessibility_violations(live_server, open_page):
    page = open_page()
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    page.goto(live_server.url + "/clusters/dare/members/new/")
    page.get_by_role("button", name="Add member").click()
    assert page.locator(".error-summary").is_visible()
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password/reset/", "/nowhere/"])
def test_signed_out_pages_have_no_accessibility_violations(live_server, open_page, path):
    page = open_page(PHONE)
    page.goto(live_server.url + path)
    assert violations(page) == []
