"""The cluster manager's journey through the services pages in headless Chromium: record a
new service, deliver it to 40 members in one form, see the deliveries."""

import re

import pytest
from playwright.sync_api import expect

from .support import COORDINATOR, DESKTOP, MANAGER_DARE, PHONE, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def label(text: str):
    """A field by its label, which ends in an asterisk when the field is required."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def test_manager_records_a_new_service_and_delivers_it_to_40_members(live_server, open_page):
    page = open_page()
    page.goto(f"{live_server.url}/accounts/login/")
    sign_in(page, MANAGER_DARE)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Services", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Service catalogue")
    page.get_by_role("link", name="Add service").first.click()

    page.get_by_label(label("Name")).fill("Cold-chain logistics clinic")
    page.get_by_label(label("Category")).select_option(label="Business development and consulting")
    page.get_by_role("checkbox", name="SME").check()
    page.get_by_label(label("Fee model")).select_option("fee_based")
    page.get_by_label(label("Lowest price")).fill("-50")  # a typing mistake first
    page.get_by_label(label("Status in the project")).select_option("new")
    page.get_by_label(label("Launched or improved on")).fill("2018-03-01")
    page.get_by_role("button", name="Add service").click()
    expect(page.locator(".error-summary")).to_contain_text("A price cannot be below zero.")
    expect(page.get_by_label(label("Name"))).to_have_value("Cold-chain logistics clinic")
    page.get_by_label(label("Lowest price")).fill("250")
    page.get_by_label(label("Highest price")).fill("900")
    page.get_by_role("button", name="Add service").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Cold-chain logistics clinic")
    expect(page.locator(".messages")).to_contain_text("was added")
    service_url = page.url
    page.get_by_role("link", name="Record delivery").click()

    # The filter works without JavaScript: a search narrows the list, Reset brings all back.
    page.get_by_label("Find members").fill("Murgia")
    page.get_by_role("button", name="Show").click()
    shown = page.locator(".member-choices input[type=checkbox]")
    expect(shown.first).to_be_visible()
    for name in page.locator(".member-choices label").all_inner_texts():
        assert "Murgia" in name
    page.get_by_role("link", name="Reset").click()

    boxes = page.locator(".member-choices input[type=checkbox]")
    assert boxes.count() >= 40
    for index in range(40):
        boxes.nth(index).check()
    page.get_by_label(label("Delivered on")).fill("2018-05-10")
    page.get_by_label("Hours per member").fill("2")
    page.get_by_label("Outcome").fill("Cold-chain audit and an action plan")
    page.get_by_role("button", name="Record delivery").click()

    expect(page).to_have_url(service_url)
    expect(page.locator(".messages")).to_contain_text("40 deliveries were recorded.")
    expect(page.locator("main")).to_contain_text("Deliveries (40)")
    expect(page.locator("main table tbody tr")).to_have_count(40)

    stored = page.request.get(
        f"{live_server.url}/api/service-deliveries/",
        params={"service": service_url.rstrip("/").rsplit("/", 1)[1]},
    )
    assert stored.json()["count"] == 40

    # The same on a phone: the delivery form is usable.
    phone = open_page(PHONE)
    phone.goto(f"{live_server.url}/accounts/login/")
    sign_in(phone, MANAGER_DARE)
    phone.goto(service_url + "deliver/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Record a delivery")
    expect(phone.get_by_role("button", name="Record delivery")).to_be_visible()


SERVICES_PAGES = [
    "/services/",
    "/services/new/dare/",
    "/services/matrix/",
    "/services/reference/",
    "/services/categories/",
    "/services/mappings/",
    "/services/mappings/dare/final/",
    "/services/excellence/dare/",
    "/services/excellence/dare/new/",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_services_pages_have_no_accessibility_violations(live_server, open_page, viewport):
    from .test_accessibility import violations

    page = open_page(viewport)
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    page.goto(live_server.url + "/services/?cluster=dare")
    detail = page.locator("main table tbody a").first.get_attribute("href")
    found = {}
    for path in [
        *SERVICES_PAGES,
        detail,
        f"{detail}deliver/",
        f"{detail}import/",
        f"{detail}assess/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if problems := violations(page):
            found[path] = problems
    assert found == {}
