"""The KPI demo: TRACE-KEI's targets (DOMAIN.md), one real rollup, and a few quarterly
snapshots before it so the sparklines have a history. Idempotent: the rollup runs only
when today has no snapshot yet; history rows are created once."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from . import reports
from .models import Indicator, ManualReport, RollupRun, Snapshot
from .registry import Period, calculators
from .services import indicator_sync, rollup_run

# The project's targets. The two qualitative aims (networking, policy dialogue) are
# followed without a numeric target: the dashboard shows the count and its trend.
TRACE_KEI_TARGETS = {
    "new_bronze_labels": Decimal(3),
    "managers_involved": Decimal(14),
    "smes_benefitting": Decimal(284),
    "strategies_adopted": Decimal(7),
    "joint_strategy": Decimal(1),
    "outside_countries": Decimal(7),
    "study_visits": Decimal(2),
    "joint_trainings": Decimal(2),
    "workshops": Decimal(1),
}

# The history: the figures as they stood at three dates of the project.
HISTORY_DATES = [dt.date(2017, 2, 15), dt.date(2017, 8, 15), dt.date(2018, 2, 15)]


# A manual indicator (CLUSTERIX 2.0: success stories belong in the monitoring): reported
# by the managers, approved by the coordinator. cluster slug -> [(month, value, status)].
SUCCESS_STORIES = {
    "dare": [(dt.date(2017, 9, 30), 1, "approved"), (dt.date(2018, 3, 31), 2, "approved")],
    "innoskart": [(dt.date(2018, 3, 31), 1, "approved")],
    "cluee": [(dt.date(2018, 6, 30), 1, "submitted")],
}


def _success_stories(project, users, managers, clusters) -> int:
    indicator, created = Indicator.objects.get_or_create(
        project=project,
        code="success_stories",
        defaults={
            "name": "Success stories",
            "description": "Success stories of members, reported by the cluster managers.",
            "unit": "stories",
            "kind": Indicator.Kind.MANUAL,
            "scope": Indicator.Scope.CLUSTER,
            "position": 500,
        },
    )
    for slug, months in SUCCESS_STORIES.items():
        for month, value, status in months:
            if ManualReport.objects.filter(
                indicator=indicator, cluster=clusters[slug], period_end=month
            ).exists():
                continue
            report = reports.report_save(
                actor=managers[slug],
                indicator=indicator,
                cluster=clusters[slug],
                period_end=month,
                value=Decimal(value),
                narrative="A member company entered a new export market (demo).",
                evidence="Press release on the cluster's website (demo).",
            )
            reports.report_submit(actor=managers[slug], report=report)
            if status == "approved":
                reports.report_decide(actor=users["coordinator"], report=report, approve=True)
            created += 1
    return int(created)


def load(*, project, clusters, users, managers) -> int:
    created = indicator_sync(project=project, targets=TRACE_KEI_TARGETS)
    created += _success_stories(project, users, managers, clusters)
    today = timezone.localdate()
    if not Snapshot.objects.filter(indicator__project=project, taken_on=today).exists():
        run = RollupRun.objects.create(project=project, requested_by=users["admin"])
        rollup_run(run_id=run.pk, today=today)
        created += 1 + run.snapshots.count()
    # The history: each indicator as its calculator counts it up to each date.
    registered = calculators()
    indicators = Indicator.objects.filter(
        project=project, kind=Indicator.Kind.AUTOMATIC, code__in=list(registered)
    )
    for indicator in indicators:
        for day in HISTORY_DATES:
            if Snapshot.objects.filter(indicator=indicator, taken_on=day).exists():
                continue
            figures = registered[indicator.code](Period(project, project.start_date, day))
            Snapshot.objects.create(
                indicator=indicator,
                taken_on=day,
                value=figures.total,
                contributions={str(pk): str(v) for pk, v in figures.by_cluster.items()},
                computed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(2, 30))),
            )
            created += 1
    return created
