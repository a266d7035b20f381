"""The deliverables register in the browser: the lead cluster's manager attaches the
overdue deliverable's file and submits it; a late submission asks why, next to the
field; the coordinator's home then has nothing overdue; the pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from .support import COORDINATOR, DESKTOP, PHONE, sign_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD_MANAGER = "manager.green-synergy@tracekei.example"  # D4.3's lead cluster


def test_lead_manager_submits_the_overdue_deliverable(live_server, open_page, tmp_path):
    pdf = tmp_path / "D4.3 policy dialogue.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% a stand-in\n")

    coordinator = open_page()
    coordinator.goto(f"{live_server.url}/accounts/login/")
    sign_in(coordinator, COORDINATOR)
    due = coordinator.locator(".due-next")
    expect(due).to_contain_text("D4.3")
    expect(due).to_contain_text("Overdue")

    manager = open_page(PHONE)
    manager.goto(f"{live_server.url}/accounts/login/")
    sign_in(manager, LEAD_MANAGER)
    manager.goto(f"{live_server.url}/deliverables/?overdue=on")
    manager.get_by_role("link", name=re.compile("D4.3")).click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("D4.3")
    assert violations(manager) == []

    manager.get_by_label("Upload a file").set_input_files(str(pdf))
    manager.get_by_role("button", name="Attach").click()
    expect(manager.get_by_role("link", name="D4.3 policy dialogue.pdf")).to_be_visible()

    manager.get_by_label(re.compile("^Move to")).select_option("submitted")
    manager.get_by_role("button", name="Change status").click()
    error = manager.locator("#id_late_justification_error")
    expect(error).to_contain_text("Submitted after the due date")
    assert violations(manager) == []
    manager.get_by_label("Justification of the late submission").fill(
        "The regional elections moved the last meeting with the ministry."
    )
    manager.get_by_role("button", name="Change status").click()
    expect(manager.get_by_text("The deliverable's status was changed.")).to_be_visible()
    expect(manager.locator(".lead")).to_contain_text("Submitted late")

    coordinator.reload()
    expect(coordinator.locator(".due-next")).to_contain_text("Nothing due")
    coordinator.goto(f"{live_server.url}/exports/")
    assert violations(coordinator) == []
    coordinator.set_viewport_size(DESKTOP)
    coordinator.goto(f"{live_server.url}/deliverables/")
    assert violations(coordinator) == []
