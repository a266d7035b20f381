"""The KPI engine's part of the benchmark dataset: the project's indicator rows and one
rollup of every indicator over the generated data (snapshots taken on the anchor day), so
that the dashboard /kpis/ and the drill-downs show figures. It runs last (the KPI engine
plugs in after every work-package app) and its time is the generator's "tracekei.kpi"
line: the rollup at this size, in process, without Celery."""

from __future__ import annotations

from clusters.dataset import ANCHOR
from clusters.models import Project
from tracekei.bench.dataset import Builder

from .models import Indicator, RollupRun, Snapshot
from .services import rollup_run


def build(builder: Builder) -> None:
    project = Project.objects.using(builder.using).get(pk=builder.facts["project_id"])
    run = RollupRun.objects.using(builder.using).create(project=project)
    run = rollup_run(run_id=run.pk, today=ANCHOR)
    if run.status != RollupRun.Status.DONE or run.error:
        raise RuntimeError(f"the benchmark's KPI rollup failed: {run.error}")
    for model in (Indicator, Snapshot, RollupRun):
        table = model._meta.db_table
        builder.rows[table] = model.objects.using(builder.using).count()
    builder.facts["kpi_rollup_seconds"] = run.duration.total_seconds() if run.duration else None
