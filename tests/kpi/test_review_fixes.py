"""Defects found in review: each test fails without its fix."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import LabelAwardFactory
from tracekei.kpi.models import Snapshot

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_a_snapshot_counts_nothing_dated_after_its_day(records, rollup, cluster_a, cluster_b):
    """A record dated later in the project (a label, a dialogue, a delivery typed in
    ahead) has not happened on the snapshot's day: it counted before the fix."""
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=DAY + dt.timedelta(days=90))
    rollup()
    labels = Snapshot.objects.get(indicator__code="new_bronze_labels", taken_on=DAY)
    assert labels.value == 1
    assert labels.contributions == {str(cluster_a.pk): "1"}
    rollup(today=DAY + dt.timedelta(days=90))
    later = Snapshot.objects.get(
        indicator__code="new_bronze_labels", taken_on=DAY + dt.timedelta(days=90)
    )
    assert later.value == 2


def test_the_drill_down_lists_nothing_dated_after_its_snapshot(
    client_for, coordinator, project, cluster_a, cluster_b, rollup
):
    today = timezone.localdate()
    project.start_date, project.end_date = (
        today - dt.timedelta(days=365),
        today.replace(year=today.year + 2),
    )
    project.save()
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=today - dt.timedelta(days=1))
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=today + dt.timedelta(days=30))
    rollup(today=today)
    assert Snapshot.objects.get(indicator__code="new_bronze_labels").value == 1
    response = client_for(coordinator).get("/kpis/new_bronze_labels/?export=csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the header and ALPHA's label; BETA's is not awarded yet
    assert "ALPHA" in lines[1]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2030-05-01"])
def test_a_manual_report_outside_the_project_is_a_field_error(
    client_for, project, cluster_a, manager_a, day
):
    """Before the fix a report for the year 9999 (or 0001) was saved, and then counted
    nowhere: the rollup reads the project's months only."""
    from tracekei.kpi.models import Indicator, ManualReport

    Indicator.objects.create(project=project, code="success_stories", name="S", kind="manual")
    response = client_for(manager_a).post(
        "/kpis/success_stories/reports/",
        {"action": "save", "cluster": cluster_a.pk, "period_end": day, "value": "2"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["period_end"]
    assert not ManualReport.objects.exists()
