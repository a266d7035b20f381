"""The dashboard and the drill-down: snapshots only, scoped, exportable, and the same
figure everywhere."""

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from tests.factories import LabelAwardFactory, MemberFactory
from tracekei.kpi.models import RollupRun

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_dashboard_reads_snapshots_and_never_computes(
    records, rollup, client_for, coordinator, cluster_b
):
    rollup()
    # New records after the rollup: the page still shows the computed figure.
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=dt.date(2018, 1, 1))
    MemberFactory(cluster=cluster_b, name="Late Joiner")
    page = client_for(coordinator).get("/kpis/").content.decode()
    assert 'data-kpi-value="new_bronze_labels">1<' in page
    assert 'data-kpi-value="active_members">5<' in page


def test_before_any_rollup_the_page_says_what_to_do(project, client_for, coordinator):
    page = client_for(coordinator).get("/kpis/").content.decode()
    assert "No indicators yet" in page


def test_unmeasured_indicators_say_so(project, rollup, client_for, coordinator):
    rollup()  # creates the indicator rows; only the two clusters indicators are measured
    response = client_for(coordinator).get("/kpis/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "SMEs benefitting" in page
    assert page.count("Not yet measured") >= 10
    assert page.count("<svg") == 2  # a chart for the two measured indicators only


def test_the_dashboard_shows_charts_with_titles_status_and_contributions(
    records, rollup, client_for, coordinator
):
    rollup(dt.date(2017, 6, 1))
    rollup()
    page = client_for(coordinator).get("/kpis/").content.decode()
    assert "<svg" in page and "<title>New bronze labels over time</title>" in page
    assert "Behind" in page or "At risk" in page or "On track" in page
    assert "Contribution by cluster" in page
    assert "How the status is decided" in page


def test_a_manager_sees_only_his_clusters_contribution(
    records, rollup, client_for, manager_a, cluster_a
):
    rollup()
    client = client_for(manager_a)
    page = client.get("/kpis/").content.decode()
    assert "ALPHA" in page and "BETA" not in page
    assert 'data-kpi-value="active_members">3<' in page  # ALPHA's 3, not the total 5
    assert client.get("/kpis/?cluster=beta").status_code == 404
    assert client.post("/kpis/recompute/").status_code == 403


def test_drill_down_is_scoped(records, rollup, client_for, manager_a, viewer_a):
    rollup()
    for user in (manager_a, viewer_a):
        client = client_for(user)
        page = client.get("/kpis/active_members/").content.decode()
        assert "A One" in page and "B One" not in page
        assert client.get("/kpis/active_members/?cluster=beta").status_code == 404
        export = client.get("/kpis/active_members/?cluster=beta&export=csv")
        assert export.status_code == 404
        exported = client.get("/kpis/active_members/?export=csv").content.decode()
        assert "A One" in exported and "B One" not in exported
    assert client.get("/kpis/no_such_code/").status_code == 404


def test_dashboard_api_drill_down_and_csv_agree(records, rollup, client_for, coordinator):
    """The one figure, four ways: dashboard, API, the drill-down's count, the CSV's rows."""
    rollup()
    client = client_for(coordinator)
    for code, expected in (("new_bronze_labels", 1), ("active_members", 5)):
        page = client.get("/kpis/").content.decode()
        dashboard = int(re.search(rf'data-kpi-value="{code}">(\d+)<', page)[1])
        api = next(r for r in client.get("/api/kpis/").json()["results"] if r["code"] == code)
        detail = client.get(f"/kpis/{code}/").content.decode()
        listed = int(re.search(r'data-evidence-count="(\d+)"', detail)[1])
        exported = len(csv_rows(client.get(f"/kpis/{code}/?export=csv"))) - 1  # the header
        assert dashboard == api["value"] == listed == exported == expected


def test_the_exports_escape_formulas(records, rollup, client_for, coordinator):
    rollup()
    client = client_for(coordinator)
    rows = csv_rows(client.get("/kpis/active_members/?export=csv"))
    names = [row[1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    response = client.get("/kpis/active_members/?export=xlsx")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert len(cells) == 5


def test_recompute_now_shows_progress_and_finishes(
    records, project, client_for, coordinator, eager_tasks, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kpis/recompute/")
    run = RollupRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/kpis/runs/{run.pk}/"
    fragment = client.get(f"/kpis/runs/{run.pk}/?fragment=1").content.decode()
    assert 'data-run-status="done"' in fragment and "took" in fragment
    dashboard = client.get("/kpis/").content.decode()
    assert "Last computed" in dashboard


def test_a_pending_run_page_refreshes_itself(project, client_for, coordinator, manager_a):
    run = RollupRun.objects.create(project=project)
    page = client_for(coordinator).get(f"/kpis/runs/{run.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and "data-poll=" in page
    assert client_for(manager_a).get(f"/kpis/runs/{run.pk}/").status_code == 404


def test_the_home_page_summarises_the_targets(records, rollup, client_for, coordinator):
    from decimal import Decimal

    from tracekei.kpi.models import Indicator

    rollup()
    Indicator.objects.filter(code="new_bronze_labels").update(
        target=Decimal(3), is_project_target=True
    )
    page = client_for(coordinator).get("/").content.decode()
    summary = page.split('class="card kpi-summary"')[1].split("</table>")[0]
    assert "New bronze labels" in summary and "33 %" in summary
    assert "Member organisations" not in summary  # not one of the project's targets


def test_the_coordinator_edits_a_target_and_bad_input_is_kept(
    project, rollup, client_for, coordinator, manager_a, viewer_a
):
    from tracekei.kpi.models import Indicator

    rollup()
    client = client_for(coordinator)
    url = "/kpis/workshops/edit/"
    form = {"name": "Workshops", "unit": "workshops", "target": "-2", "baseline": "0"}
    response = client.post(url, {**form, "direction": "higher"})
    assert response.status_code == 400
    assert 'value="-2"' in response.content.decode()
    assert Indicator.objects.get(code="workshops").target is None
    response = client.post(url, {**form, "target": "3", "direction": "higher"})
    assert response.status_code == 302
    assert Indicator.objects.get(code="workshops").target == 3
    for user in (manager_a, viewer_a):
        assert client_for(user).get(url).status_code == 403


def test_standard_names_follow_the_language_and_edited_ones_stay(
    project, rollup, client_for, coordinator
):
    from django.utils import translation

    from tracekei.kpi.models import Indicator

    rollup()
    standard = Indicator.objects.get(code="joint_trainings")
    with translation.override("en"):
        assert str(standard.label) == "Joint trainings"
    standard.name = "Trainings together"
    assert standard.label == "Trainings together"


def test_the_contribution_table_shows_the_clusters_a_page_at_a_time(
    project, rollup, client_for, coordinator, cluster_a, cluster_b, monkeypatch
):
    from tests.factories import ClusterFactory
    from tracekei.kpi import views

    extra = [
        ClusterFactory(project=project, acronym=f"C{n:02d}", slug=f"c{n:02d}") for n in range(3)
    ]
    rollup()
    client = client_for(coordinator)
    monkeypatch.setattr(views, "CONTRIBUTIONS_PER_PAGE", 2)
    pages = [client.get(f"/kpis/?page={n}").content.decode() for n in (1, 2, 3)]

    def row_heads(page):
        table = page.split('class="responsive kpi-contributions"')[1].split("</tbody>")[0]
        return re.findall(r'<th scope="row">([^<]+)</th>', table)

    acronyms = sorted(["ALPHA", "BETA"] + [cluster.acronym for cluster in extra])
    assert [row_heads(page) for page in pages] == [acronyms[:2], acronyms[2:4], acronyms[4:]]
    assert "Page 2 of 3" in pages[1]
