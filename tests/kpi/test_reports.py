"""Manual indicators: the report workflow, approved values in the rollup, the reminder."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import make_manager
from tracekei.kpi import reports
from tracekei.kpi.models import Indicator, ManualReport, Snapshot

from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(project):
    return Indicator.objects.create(
        project=project, code="success_stories", name="Success stories", kind="manual"
    )


def write(manager, indicator, cluster, month, value):
    return reports.report_save(
        actor=manager,
        indicator=indicator,
        cluster=cluster,
        period_end=month,
        value=Decimal(value),
        narrative="A new export market",
    )


def test_draft_submitted_returned_approved(stories, cluster_a, manager_a, coordinator):
    report = write(manager_a, stories, cluster_a, dt.date(2017, 9, 12), 2)
    assert report.period_end == dt.date(2017, 9, 30)  # the month's last day
    assert report.status == "draft"
    with pytest.raises(ValidationError):  # only a submitted report is decided
        reports.report_decide(actor=coordinator, report=report, approve=True)
    reports.report_submit(actor=manager_a, report=report)
    with pytest.raises(ValidationError):  # submitted: no longer editable
        write(manager_a, stories, cluster_a, dt.date(2017, 9, 1), 3)
    with pytest.raises(PermissionDenied):  # a manager does not approve
        reports.report_decide(actor=manager_a, report=report, approve=True)
    with pytest.raises(ValidationError):  # returning needs a comment
        reports.report_decide(actor=coordinator, report=report, approve=False)
    report = reports.report_decide(
        actor=coordinator, report=report, approve=False, comment="Add the press link"
    )
    assert report.status == "returned" and report.comment == "Add the press link"
    report = write(manager_a, stories, cluster_a, dt.date(2017, 9, 1), 3)
    assert report.status == "draft" and report.value == 3
    reports.report_submit(actor=manager_a, report=report)
    report = reports.report_decide(actor=coordinator, report=report, approve=True)
    assert report.status == "approved" and report.decided_by == coordinator
    assert ManualReport.objects.count() == 1


def test_a_manager_reports_for_his_cluster_only(stories, cluster_b, manager_a):
    with pytest.raises(PermissionDenied):
        write(manager_a, stories, cluster_b, dt.date(2017, 9, 1), 1)


def test_only_the_latest_approved_values_reach_the_snapshot(
    stories, rollup, cluster_a, cluster_b, manager_a, manager_b, coordinator
):
    for manager, cluster, month, value, approve in (
        (manager_a, cluster_a, dt.date(2017, 6, 1), 1, True),
        (manager_a, cluster_a, dt.date(2017, 12, 1), 3, True),  # A's latest: 3
        (manager_a, cluster_a, dt.date(2018, 1, 1), 9, None),  # submitted, not approved
        (manager_b, cluster_b, dt.date(2017, 8, 1), 2, True),  # B: 2
    ):
        report = write(manager, stories, cluster, month, value)
        reports.report_submit(actor=manager, report=report)
        if approve:
            reports.report_decide(actor=coordinator, report=report, approve=True)
    rollup()
    snapshot = Snapshot.objects.get(indicator=stories, taken_on=DAY)
    assert snapshot.value == 5
    assert snapshot.contributions == {str(cluster_a.pk): "3.00", str(cluster_b.pk): "2.00"}


def test_the_reports_page(stories, client_for, cluster_a, manager_a, manager_b, coordinator):
    url = "/kpis/success_stories/reports/"
    client = client_for(manager_a)
    bad = client.post(
        url,
        {
            "action": "save",
            "cluster": cluster_a.pk,
            "period_end": "2017-09-01",
            "value": "-1",
            "narrative": "kept",
        },
    )
    assert bad.status_code == 400 and "kept" in bad.content.decode()
    assert not ManualReport.objects.exists()
    client.post(
        url,
        {
            "action": "save",
            "cluster": cluster_a.pk,
            "period_end": "2017-09-01",
            "value": "2",
            "narrative": "A new market",
        },
    )
    report = ManualReport.objects.get()
    client.post(url, {"action": "submit", "report": report.pk})
    report.refresh_from_db()
    assert report.status == "submitted"
    # Another cluster's manager neither sees nor touches it.
    other = client_for(manager_b)
    assert "A new market" not in other.get(url).content.decode()
    assert other.post(url, {"action": "approve", "report": report.pk}).status_code == 404
    coordinator_client = client_for(coordinator)
    assert "A new market" in coordinator_client.get(url).content.decode()
    coordinator_client.post(url, {"action": "approve", "report": report.pk})
    report.refresh_from_db()
    assert report.status == "approved"
    assert client_for(coordinator).get("/kpis/new_bronze_labels/reports/").status_code == 404


def test_managers_with_a_report_due_get_a_reminder(
    stories, project, cluster_a, cluster_b, manager_a, coordinator
):
    manager_b = make_manager(cluster_b, email="late.b@portal.example")
    today = dt.date(2017, 10, 3)  # reports for September are due
    report = write(manager_a, stories, cluster_a, dt.date(2017, 9, 5), 1)
    reports.report_submit(actor=manager_a, report=report)
    assert reports.remind_due_reports(today=today) == 1
    assert mail.outbox[0].to == [manager_b.email]
    assert "success_stories/reports/" in mail.outbox[0].body
    # After the project's end nothing is due.
    assert reports.remind_due_reports(today=dt.date(2019, 3, 3)) == 0
