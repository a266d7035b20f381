"""Trainings in the browser: the coordinator opens an assessment round; a cluster manager
registers for a workshop, records the day she was there and rates herself; the
coordinator then sees her row of the knowledge-gap matrix filled in."""

import re

import pytest
from playwright.sync_api import expect

from .support import COORDINATOR, DESKTOP, MANAGER_DARE, PHONE, sign_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MANAGER_NAME = "Giulia Santoro"  # manager.dare in the demo
WORKSHOP = "Workshop: internationalisation"  # she did not attend it in the demo history


def matrix_row(page, name):
    return page.locator("table.gap-matrix tbody tr").filter(
        has=page.get_by_role("rowheader", name=re.compile(name))
    )


def test_manager_records_attendance_and_self_assessment_coordinator_sees_matrix(
    live_server, open_page
):
    coordinator = open_page()
    coordinator.goto(f"{live_server.url}/accounts/login/")
    sign_in(coordinator, COORDINATOR)
    coordinator.goto(f"{live_server.url}/trainings/skills/")
    coordinator.get_by_role("link", name="Open an assessment round").click()
    coordinator.get_by_label(re.compile(r"^Name")).fill("Browser round")
    coordinator.get_by_role("button", name="Open the round").click()
    expect(coordinator.get_by_role("heading", name=re.compile("Browser round"))).to_be_visible()
    empty_cells = matrix_row(coordinator, MANAGER_NAME).locator("td.cell")
    expect(empty_cells.first).to_have_text("\u2013")  # en dash: not rated

    manager = open_page()
    manager.goto(f"{live_server.url}/accounts/login/")
    sign_in(manager, MANAGER_DARE)
    manager.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Trainings", exact=True
    ).click()
    manager.get_by_role("link", name=WORKSHOP).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text(WORKSHOP)
    manager.get_by_role("button", name="Register").click()
    expect(manager.get_by_text("You are registered.")).to_be_visible()
    manager.get_by_label("Thu 22 Feb 2018").check()
    manager.get_by_role("button", name="Save my attendance").click()
    expect(manager.get_by_text("Your attendance was saved.")).to_be_visible()
    row = manager.locator("table.attendance tbody tr").filter(has_text=MANAGER_NAME)
    expect(row).to_contain_text("✓")
    expect(row).to_contain_text("8.0")

    manager.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Skills", exact=True
    ).click()
    manager.get_by_role("link", name="Rate yourself").click()
    groups = manager.locator("form fieldset")
    count = groups.count()
    assert count == 11
    # Submitting with one module left out shows the error there and keeps the rest.
    for index in range(count - 1):
        groups.nth(index).get_by_label("2: basic", exact=True).check()
    manager.get_by_role("button", name="Save my self-assessment").click()
    expect(manager.get_by_text("Rate this module from 1 to 5.").first).to_be_visible()
    expect(groups.nth(0).get_by_label("2: basic", exact=True)).to_be_checked()
    groups.nth(0).get_by_label("5: expert", exact=True).check()
    groups.nth(count - 1).get_by_label("4: good", exact=True).check()
    manager.get_by_role("button", name="Save my self-assessment").click()
    expect(manager.get_by_text("Your self-assessment was saved.")).to_be_visible()
    own_rows = manager.locator("table.gap-matrix tbody tr")
    expect(own_rows).to_have_count(1)  # a manager sees only her own row

    coordinator.reload()
    cells = matrix_row(coordinator, MANAGER_NAME).locator("td.cell")
    expect(cells.first).to_have_text("5")
    expect(cells.first).to_have_class(re.compile("level-5"))
    expect(cells.nth(1)).to_have_text("2")
    expect(cells.nth(count - 1)).to_have_text("4")

    # The matrix on a phone: the page fits, the table scrolls inside its box.
    phone = open_page(PHONE)
    phone.goto(f"{live_server.url}/accounts/login/")
    sign_in(phone, COORDINATOR)
    phone.goto(f"{live_server.url}/trainings/skills/")
    expect(matrix_row(phone, MANAGER_NAME).locator("td.cell").first).to_have_text("5")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]


@pytest.fixture
def budapest(demo) -> int:
    """The Budapest joint training's id, read before any browser starts."""
    from trainings.models import Activity

    return Activity.objects.get(title__startswith="Joint training 2").pk


TRAININGS_PAGES = [
    "/trainings/",
    "/trainings/?when=past&type=workshop",
    "/trainings/{pk}/",
    "/trainings/{pk}/attendance/",
    "/trainings/{pk}/feedback/",
    "/trainings/{pk}/participants/new/",
    "/trainings/new/",
    "/trainings/calendar/",
    "/trainings/skills/",
    "/trainings/skills/rounds/new/",
    "/trainings/modules/",
    "/trainings/mentoring/",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_trainings_pages_have_no_accessibility_violations(
    budapest, live_server, open_page, viewport
):
    page = open_page(viewport)
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    found = {}
    for path in TRAININGS_PAGES:
        path = path.format(pk=budapest)
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if problems := violations(page):
            found[path] = problems
    assert found == {}
