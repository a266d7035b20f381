"""The coordinator's monthly question in the browser: the consortium dashboard, a drill
into the figure, and the list downloaded; the same page on a phone."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tracekei.kpi.registry import calculators

from .support import COORDINATOR, DESKTOP, PHONE, sign_in
from .test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def drilled_indicator() -> tuple[str, str]:
    """ "SMEs benefitting" once the services app registers it; until then the clusters
    app's "New bronze labels" (two in the demo data)."""
    if "smes_benefitting" in calculators():
        return "smes_benefitting", "SMEs benefitting"
    return "new_bronze_labels", "New bronze labels"


def test_coordinator_drills_into_a_figure_and_downloads_the_list(live_server, open_page):
    code, name = drilled_indicator()
    page = open_page()
    page.goto(live_server.url + "/kpis/")
    sign_in(page, COORDINATOR)
    expect(page).to_have_url(f"{live_server.url}/kpis/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Consortium indicators")
    figure = int(page.locator(f'[data-kpi-value="{code}"]').inner_text())
    assert figure > 0
    # Every indicator of the demo has its calculator and a snapshot from the demo's rollup.
    expect(page.get_by_text("Not yet measured")).to_have_count(0)

    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/kpis/{code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    rows = page.locator("table.kpi-evidence tbody tr")
    expect(rows).to_have_count(min(figure, 50))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(rf"{code}-\d{{4}}-\d{{2}}-\d{{2}}\.csv", download.suggested_filename)
    text = download.path().read_text(encoding="utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    assert len(exported) - 1 == figure  # the header, then one line per record


def test_the_dashboard_on_a_phone(live_server, open_page):
    page = open_page(PHONE)
    page.goto(live_server.url + "/kpis/")
    sign_in(page, COORDINATOR)
    expect(page.get_by_role("heading", level=1)).to_have_text("Consortium indicators")
    expect(page.locator(".kpi-card").first).to_be_visible()
    # No sideways scrolling of the whole page on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


KPI_PAGES = [
    "/kpis/",
    "/kpis/new_bronze_labels/",
    "/kpis/new_bronze_labels/edit/",
    "/kpis/success_stories/reports/",
    "/kpis/?cluster=dare",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_kpi_pages_have_no_accessibility_violations(live_server, open_page, viewport):
    page = open_page(viewport)
    page.goto(live_server.url + "/accounts/login/")
    sign_in(page, COORDINATOR)
    found = {}
    for path in KPI_PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if problems := violations(page):
            found[path] = problems
    assert found == {}
