"""Indicator rows and the rollup: one snapshot per indicator and day, however often run."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import LabelAwardFactory
from tracekei.kpi import services
from tracekei.kpi.definitions import DEFINITIONS
from tracekei.kpi.models import Indicator, RollupRun, Snapshot

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_indicator_sync_makes_a_row_per_definition_and_calculator_once(project):
    created = services.indicator_sync(project=project, targets={"new_bronze_labels": Decimal(3)})
    codes = set(Indicator.objects.filter(project=project).values_list("code", flat=True))
    assert set(DEFINITIONS) <= codes
    assert {"new_bronze_labels", "active_members"} <= codes
    assert created == len(codes)
    assert Indicator.objects.get(project=project, code="new_bronze_labels").target == 3
    assert services.indicator_sync(project=project) == 0


def test_a_target_edited_by_the_coordinator_survives_the_next_sync(project, coordinator):
    services.indicator_sync(project=project, targets={"workshops": Decimal(1)})
    indicator = Indicator.objects.get(project=project, code="workshops")
    services.indicator_update(actor=coordinator, indicator=indicator, target=Decimal(4))
    services.indicator_sync(project=project, targets={"workshops": Decimal(1)})
    indicator.refresh_from_db()
    assert indicator.target == 4


def test_only_the_coordinator_edits_targets_and_never_a_negative_one(
    project, coordinator, manager_a
):
    services.indicator_sync(project=project)
    indicator = Indicator.objects.get(project=project, code="workshops")
    with pytest.raises(PermissionDenied):
        services.indicator_update(actor=manager_a, indicator=indicator, target=Decimal(9))
    with pytest.raises(ValidationError):
        services.indicator_update(actor=coordinator, indicator=indicator, target=Decimal(-1))


def test_rollup_writes_totals_and_contributions(records, rollup, project, cluster_a, cluster_b):
    run = rollup()
    assert run.status == RollupRun.Status.DONE
    assert run.duration is not None and run.finished_at is not None
    assert run.indicators_done == 2  # the two registered calculators
    labels = Snapshot.objects.get(indicator__code="new_bronze_labels", taken_on=DAY)
    assert labels.value == 1
    assert labels.contributions == {str(cluster_a.pk): "1"}
    members = Snapshot.objects.get(indicator__code="active_members", taken_on=DAY)
    assert members.value == 5
    assert members.contributions == {str(cluster_a.pk): "3", str(cluster_b.pk): "2"}
    # Indicators without a calculator get no snapshot: "not yet measured".
    assert not Snapshot.objects.filter(indicator__code="smes_benefitting").exists()


def test_a_second_rollup_on_the_same_day_replaces_the_snapshot(records, rollup, cluster_b):
    rollup()
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=dt.date(2018, 1, 1))
    rollup()
    snapshots = Snapshot.objects.filter(indicator__code="new_bronze_labels")
    assert [(s.taken_on, s.value) for s in snapshots] == [(DAY, 2)]
    rollup(today=DAY + dt.timedelta(days=1))
    assert Snapshot.objects.filter(indicator__code="new_bronze_labels").count() == 2


def test_a_finished_run_delivered_again_does_nothing(records, rollup, cluster_b):
    run = rollup()
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=dt.date(2018, 1, 1))
    again = services.rollup_run(run_id=run.pk, today=DAY)
    assert again.attempts == 1
    assert Snapshot.objects.get(indicator__code="new_bronze_labels").value == 1


def test_recompute_request_is_the_coordinators_and_not_doubled(
    project, coordinator, manager_a, django_capture_on_commit_callbacks
):
    with pytest.raises(PermissionDenied):
        services.rollup_request(actor=manager_a, project=project)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.rollup_request(actor=coordinator, project=project)
        second = services.rollup_request(actor=coordinator, project=project)
    assert first == second
    assert first.status == RollupRun.Status.QUEUED
    assert len(callbacks) == 1  # one task queued, after commit


def test_recompute_runs_the_task(
    records, project, coordinator, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.rollup_request(actor=coordinator, project=project)
    run.refresh_from_db()
    assert run.status == RollupRun.Status.DONE
    assert Snapshot.objects.filter(run=run).count() == 2


def test_a_failing_calculator_keeps_its_old_snapshot_and_the_others_are_computed(
    records, project, rollup
):
    from tracekei.kpi.registry import Figures, _registry, indicator

    calls = []

    @indicator("broken_for_test", name="Broken")
    def broken(period) -> Figures:
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("the records are unreadable")
        return Figures(total=Decimal(7))

    try:
        rollup(today=DAY - dt.timedelta(days=1))  # works
        run = rollup()  # breaks
    finally:
        _registry.pop("broken_for_test")
    assert run.status == RollupRun.Status.DONE
    assert run.error == "Could not compute: broken_for_test"
    assert run.indicators_done == run.indicators_total - 1
    broken_snapshots = Snapshot.objects.filter(indicator__code="broken_for_test")
    assert [(s.taken_on, s.value) for s in broken_snapshots] == [(DAY - dt.timedelta(days=1), 7)]
    assert Snapshot.objects.get(indicator__code="active_members", taken_on=DAY).value == 5


def test_the_management_command_rolls_up(records, project):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("kpi_rollup", "--project", project.acronym, stdout=out)
    assert "2 indicators" in out.getvalue()
    assert Snapshot.objects.count() == 2


def test_an_abandoned_run_does_not_block_the_next(project, coordinator):
    from django.utils import timezone

    stuck = RollupRun.objects.create(project=project, status=RollupRun.Status.RUNNING)
    RollupRun.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    )
    fresh = services.rollup_request(actor=coordinator, project=project)
    assert fresh != stuck
    stuck.refresh_from_db()
    assert stuck.status == RollupRun.Status.FAILED and "Abandoned" in stuck.error


def test_a_distinct_indicator_keeps_its_total_not_the_sum_of_clusters(
    project, rollup, cluster_a, cluster_b, client_for, coordinator
):
    """One SME reached by both clusters: each cluster counts it, the consortium once."""
    from tracekei.kpi.registry import Figures, _registry, indicator

    @indicator("shared_sme_for_test", name="Shared SME", distinct=True)
    def shared(period) -> Figures:
        return Figures(total=Decimal(1), by_cluster={cluster_a.pk: Decimal(1), cluster_b.pk: 1})

    try:
        rollup()
    finally:
        _registry.pop("shared_sme_for_test")
    snapshot = Snapshot.objects.get(indicator__code="shared_sme_for_test")
    assert snapshot.value == 1
    assert snapshot.contributions == {str(cluster_a.pk): "1", str(cluster_b.pk): "1"}
    row = next(
        r
        for r in client_for(coordinator).get("/api/kpis/").json()["results"]
        if r["code"] == "shared_sme_for_test"
    )
    assert row["value"] == 1 and row["contributions"] == {"alpha": 1, "beta": 1}
