"""A cluster manager drafts a strategy, opens it to members, a member answers through the
personal link (no account), the manager sees the comment beside the heading and adopts."""

import re

import pytest
from playwright.sync_api import expect

from .support import COORDINATOR, DESKTOP, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER = "manager.green-synergy@tracekei.example"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def wcag_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_AA)
    return [
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


def test_manager_drafts_consults_sees_feedback_and_adopts(live_server, open_page):
    page = open_page()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, MANAGER)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Strategies").click()
    page.get_by_role("link", name="Cluster strategy 2017-2022").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Green Synergy")
    expect(page.locator("main .page-header")).to_contain_text("Draft")

    # Draft: rewrite the vision.
    page.get_by_role("link", name="Edit draft").click()
    page.get_by_label(re.compile(r"^Vision")).fill("Clean energy for every Bulgarian town.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#h-vision")).to_contain_text("Clean energy for every Bulgarian town.")

    # Open the consultation to one member and a policy maker.
    page.get_by_role("link", name="Open consultation").click()
    page.locator("input[name=members]").first.check()
    page.get_by_label("Policy makers (optional)").fill("Sofia Municipality (demo)")
    page.get_by_role("button", name="Open consultation").click()
    expect(page.get_by_role("heading", name="Personal links: copy them now")).to_be_visible()
    link = page.locator("input.link-field").first.input_value()
    assert "/consult/" in link

    # The member answers on a phone, without an account.
    member = open_page(PHONE)
    member.goto(link)
    expect(member.get_by_role("heading", level=1)).to_contain_text("Your feedback on the draft")
    assert wcag_violations(member) == []
    member.get_by_label(re.compile(r"^On which heading")).select_option("vision")
    member.get_by_label(re.compile(r"^Your comment")).fill("Mention rural towns explicitly.")
    member.get_by_role("button", name="Send comment").click()
    expect(member.locator(".messages")).to_contain_text("Thank you")

    # The manager sees it next to the Vision heading and marks it handled.
    page.get_by_role("link", name="Back to the document").click()
    vision = page.locator("#h-vision")
    expect(vision.locator(".feedback")).to_contain_text("Mention rural towns explicitly.")
    page.get_by_role("link", name="Consultation", exact=True).click()
    page.locator("select[name=handling]").first.select_option("accepted")
    page.get_by_role("button", name="Save").first.click()
    expect(page.locator(".messages")).to_contain_text("The handling was saved.")

    # Adopt.
    page.get_by_role("link", name="Back to the document").click()
    page.get_by_role("link", name="Adopt", exact=True).click()
    page.get_by_label(re.compile(r"^Adopted on")).fill("2018-10-01")
    page.get_by_label(re.compile(r"^Adopted by")).fill("General assembly of members")
    page.get_by_role("button", name="Adopt this version").click()
    expect(page.locator(".messages")).to_contain_text("The strategy was adopted.")
    expect(page.locator("main .page-header")).to_contain_text("Adopted")
    expect(page.get_by_role("button", name="Start a new version")).to_be_visible()

    # The consultation closed with the adoption: the member's link no longer works.
    member.goto(link)
    expect(member.get_by_role("heading", level=1)).to_have_text("This link does not work")


@pytest.fixture
def strategy_paths(demo):
    """The strategy pages to audit, read before the browser starts."""
    from strategy.models import Strategy

    dare = Strategy.objects.get(cluster__slug="dare").pk
    cluee = Strategy.objects.get(cluster__slug="cluee").pk
    return [
        "/strategies/",
        f"/strategies/{dare}/",
        f"/strategies/{dare}/compare/?a=1&b=2",
        f"/strategies/{dare}/versions/",
        f"/strategies/{dare}/indicators/",
        f"/strategies/{dare}/value-chain/",
        f"/strategies/{cluee}/v1/consultation/",
        f"/strategies/{cluee}/v1/edit/",
        f"/strategies/{cluee}/v1/adopt/",
        "/strategies/ris3/",
        "/strategies/joint/",
        "/strategies/matching/",
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_strategy_pages_have_no_accessibility_violations(
    live_server, open_page, viewport, strategy_paths
):
    page = open_page(viewport)
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    found = {}
    for path in strategy_paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if problems := wcag_violations(page):
            found[path] = problems
    assert found == {}
