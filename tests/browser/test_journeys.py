"""Journeys through the portal in headless Chromium, against the live server and the demo
consortium: signing in, what each role sees, a form with an error, the phone layout.

Debian's Chromium is driven through Playwright's sync API (no browser download). The
last page of each journey is saved to test-artifacts/<test name>.png to look at.
"""

import re

import pytest
from playwright.sync_api import expect

from clusters.views import MEMBERS_PER_PAGE

from .support import (
    COORDINATOR,
    DEMO_CLUSTERS,
    FIELD,
    MANAGER_DARE,
    PHONE,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def main_nav(page):
    """The visible main navigation (the sidebar on a desktop, the menu on a phone)."""
    return page.get_by_role("navigation", name="Main")


def members_named(page, live_server, name: str) -> list[dict]:
    """What is stored, read through the API with the page's session (no ORM beside the
    browser)."""
    response = page.request.get(f"{live_server.url}/api/members/", params={"q": name})
    assert response.status == 200
    return [member for member in response.json()["results"] if member["name"] == name]


def cluster_acronyms(page) -> list[str]:
    return page.locator("main table tbody tr td[data-label='Cluster'] strong").all_inner_texts()


def test_coordinator_signs_in_and_browses_the_consortium(live_server, open_page):
    page = open_page()
    # An anonymous visitor of the portal's address lands on the public project site.
    page.goto(live_server.url + "/")
    expect(page).to_have_url(f"{live_server.url}/project/")
    page.get_by_role("navigation", name="Project site").get_by_role("link", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    sign_in(page, COORDINATOR)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consortium overview")
    # On a desktop the sidebar shows and the phone's menu button does not.
    expect(page.locator(".sidenav.desktop")).to_be_visible()
    expect(page.locator("details.nav-toggle summary")).to_be_hidden()

    main_nav(page).get_by_role("link", name="Clusters", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/clusters/")
    expect(page.locator("main table tbody tr")).to_have_count(len(DEMO_CLUSTERS))
    assert sorted(cluster_acronyms(page)) == sorted(DEMO_CLUSTERS)

    page.get_by_role("link", name="INNOSKART", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/clusters/innoskart/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("INNOSKART")
    expect(page.locator("main")).to_contain_text("Innoskart Vallalkozasfejlesztesi Nonprofit Kft")


def test_cluster_manager_sees_only_their_own_cluster(live_server, open_page, demo, settings):
    foreign = demo["foreign_member"]
    page = open_page()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, MANAGER_DARE)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cluster")

    main_nav(page).get_by_role("link", name="Clusters", exact=True).click()
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert cluster_acronyms(page) == ["D.A.Re."]

    main_nav(page).get_by_role("link", name="Members", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/members/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(min(MEMBERS_PER_PAGE, len(demo["dare_member_names"])))
    assert set(rows.locator("td[data-label='Cluster']").all_inner_texts()) == {"D.A.Re."}
    names = rows.locator("td[data-label='Name'] a").all_inner_texts()
    # The first page, in name order, holds the first of the cluster's own members.
    assert names == demo["dare_member_names"][:MEMBERS_PER_PAGE]

    # Their own member opens; another cluster's member does not exist for them.
    own = page.goto(f"{live_server.url}/members/{demo['dare_member_pk']}/")
    assert own.status == 200
    settings.DEBUG = False  # the 404 page people get, not Django's debug page
    response = page.goto(f"{live_server.url}/members/{foreign['pk']}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text(foreign["name"])

    # The API, with the same browser session, draws the same line.
    api = page.request
    assert api.get(f"{live_server.url}/api/members/{demo['dare_member_pk']}/").status == 200
    assert api.get(f"{live_server.url}/api/members/{foreign['pk']}/").status == 404
    clusters = api.get(f"{live_server.url}/api/clusters/")
    assert clusters.status == 200
    body = clusters.json()
    assert body["count"] == 1
    assert [cluster["acronym"] for cluster in body["results"]] == ["D.A.Re."]


def test_manager_adds_a_member_after_correcting_a_bad_email(live_server, open_page):
    name = "Frantoio Browser Test Srl"
    page = open_page()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, MANAGER_DARE)
    main_nav(page).get_by_role("link", name="Members", exact=True).click()
    page.locator("main .actions").get_by_role("link", name="Add member").click()
    expect(page).to_have_url(f"{live_server.url}/clusters/dare/members/new/")

    page.get_by_label(FIELD["Name"]).fill(name)
    page.get_by_label(FIELD["Type"]).select_option("sme")
    page.get_by_label(FIELD["Country"]).select_option("IT")
    email = page.get_by_label(FIELD["Contact e-mail"])
    email.fill("giulia.rossi-at-frantoio.example")
    page.get_by_role("button", name="Add member").click()

    # Back on the form: the error sits in the e-mail field's own block, tied to the input
    # for screen readers, and nothing typed is lost.
    expect(page).to_have_url(f"{live_server.url}/clusters/dare/members/new/")
    expect(page.get_by_role("alert")).to_contain_text("Please correct the errors below.")
    field = page.locator(".field", has=page.locator("#id_contact_email"))
    expect(field).to_have_class(re.compile(r"\bhas-error\b"))
    expect(field.locator("#id_contact_email_error")).to_have_text("Enter a valid email address.")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_attribute("aria-describedby", re.compile(r"\bid_contact_email_error\b"))
    expect(page.get_by_label(FIELD["Name"])).to_have_value(name)
    expect(email).to_have_value("giulia.rossi-at-frantoio.example")
    expect(page.locator(".field.has-error")).to_have_count(1)
    assert members_named(page, live_server, name) == []

    email.fill("giulia.rossi@frantoio.example")
    page.get_by_role("button", name="Add member").click()

    expect(page).to_have_url(re.compile(rf"^{re.escape(live_server.url)}/members/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.get_by_role("status")).to_contain_text(f"{name} was added to D.A.Re.")
    (member,) = members_named(page, live_server, name)
    assert page.url == f"{live_server.url}/members/{member['id']}/"
    assert member["cluster"] == "dare"
    assert member["contact_email"] == "giulia.rossi@frantoio.example"
    assert member["country"] == "IT"


def test_phone_shows_the_menu_button_instead_of_the_sidebar(live_server, open_page):
    page = open_page(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, COORDINATOR)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consortium overview")
    assert_fits_the_phone(page)

    menu = page.locator("details.nav-toggle summary")
    expect(menu).to_be_visible()
    expect(page.locator(".sidenav.desktop")).to_be_hidden()
    members = page.locator("details.nav-toggle").get_by_role("link", name="Members", exact=True)
    expect(members).to_be_hidden()
    menu.click()
    expect(members).to_be_visible()
    members.click()
    expect(page).to_have_url(f"{live_server.url}/members/")
    expect(page.locator("main table tbody tr").first).to_be_visible()
    assert_fits_the_phone(page)


def assert_fits_the_phone(page) -> None:
    """Neither the page nor a table in it is wider than the phone's screen."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # A table too wide scrolls inside its .table-wrap and cuts off the end of each row.
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrap')]"
        ".map(wrap => wrap.scrollWidth - wrap.clientWidth)"
    )
    assert overflow, "no table on this page"
    assert max(overflow) <= 0, f"tables wider than their card by {overflow} px"
