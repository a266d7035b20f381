"""Every write of the KPI engine: indicator rows, rollup requests and the rollup itself.

A rollup computes every automatic indicator of a project and writes one snapshot per
indicator for the day, in one transaction: run twice, it replaces the day's snapshot
(update-or-create on the unique (indicator, taken_on)); run twice at once, the second
waits on a PostgreSQL advisory lock (SQLite has a single writer anyway).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation

from tracekei import access
from tracekei.outbox import enqueue

from . import reports
from .definitions import DEFINITIONS
from .forms import EDITABLE_FIELDS
from .models import Indicator, RollupRun, Snapshot
from .registry import Period, calculators

logger = logging.getLogger(__name__)

# The advisory lock's first key: "KPI" in ASCII; the second is the project's pk.
_LOCK_NAMESPACE = 0x4B5049


#: A run still queued or running after this long is taken as abandoned (its worker died).
STALE_AFTER = dt.timedelta(hours=2)


def progress_key(run_id: int) -> str:
    return f"kpi:rollup:{run_id}:progress"


def indicator_sync(*, project, targets: dict | None = None) -> int:
    """Make sure the project has a row for every known indicator (the definitions and
    every registered calculator). ``targets`` (code -> target) applies to new rows only:
    a target the coordinator edited stays. Returns how many rows were created."""
    targets = targets or {}
    existing = set(Indicator.objects.filter(project=project).values_list("code", flat=True))
    registered = calculators()
    codes = list(DEFINITIONS) + [code for code in registered if code not in DEFINITIONS]
    new = []
    with translation.override("en"):
        for position, code in enumerate(codes, start=1):
            if code in existing:
                continue
            name, unit, scope, description = DEFINITIONS.get(code, (None, "", "cluster", ""))
            calculator = registered.get(code)
            if calculator is not None:
                name = name or calculator.name
                unit = unit or calculator.unit
                description = description or calculator.description
            row = Indicator(
                project=project,
                code=code,
                name=str(name or code),
                unit=str(unit),
                description=str(description),
                scope=scope,
                target=targets.get(code),
                is_project_target=code in targets,
                position=position * 10,
            )
            row.full_clean(validate_unique=False)
            new.append(row)
    Indicator.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, **fields) -> Indicator:
    """The coordinator edits a target, a baseline, a name."""
    if (
        not access.is_coordinator(actor)
        or not access.visible_clusters(actor).filter(project=indicator.project).exists()
    ):
        raise PermissionDenied
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def rollup_request(*, actor, project) -> RollupRun:
    """ "Recompute now": queue a rollup, or return the one already queued or running."""
    if actor is not None and not (
        access.is_coordinator(actor)
        and access.visible_clusters(actor).filter(project=project).exists()
    ):
        raise PermissionDenied
    from clusters.models import Project

    # Two clicks at once meet on the project row: the second sees the first's run.
    Project.objects.select_for_update().get(pk=project.pk)
    pending = RollupRun.objects.filter(
        project=project, status__in=(RollupRun.Status.QUEUED, RollupRun.Status.RUNNING)
    )
    # A run whose worker died and whose message was lost would block every later one.
    pending.filter(created_at__lt=timezone.now() - STALE_AFTER).update(
        status=RollupRun.Status.FAILED,
        finished_at=timezone.now(),
        error="Abandoned: not finished within the time allowed.",
    )
    pending = pending.filter(created_at__gte=timezone.now() - STALE_AFTER).first()
    if pending is not None:
        return pending
    run = RollupRun.objects.create(project=project, requested_by=actor)
    from .tasks import rollup

    enqueue(rollup, project.pk, run.pk)
    return run


def _lock_project(project_id: int) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, project_id])


def rollup_run(*, run_id: int, today: dt.date | None = None) -> RollupRun:
    """Compute every automatic indicator of the run's project into today's snapshots.

    Safe to run twice (a redelivered task): a finished run is left alone; a run whose
    worker died half-way is done again from the start, its transaction having rolled back.
    """
    with transaction.atomic():
        run = RollupRun.objects.select_for_update().select_related("project").get(pk=run_id)
        if run.status == RollupRun.Status.DONE:
            return run
        run.status = RollupRun.Status.RUNNING
        run.started_at = timezone.now()
        run.attempts += 1
        run.error = ""
        run.save(update_fields=["status", "started_at", "attempts", "error"])
    begun = time.monotonic()
    try:
        _rollup(run, today or timezone.localdate(), begun)
    except Exception:
        logger.exception("KPI rollup %s failed", run_id)
        RollupRun.objects.filter(pk=run_id).update(
            status=RollupRun.Status.FAILED,
            finished_at=timezone.now(),
            duration=dt.timedelta(seconds=time.monotonic() - begun),
            error=traceback.format_exc(limit=5)[-4000:],
        )
        raise
    run.refresh_from_db()
    return run


@transaction.atomic
def _rollup(run: RollupRun, today: dt.date, begun: float) -> None:
    project = run.project
    _lock_project(project.pk)
    indicator_sync(project=project)
    registered = calculators()
    indicators = list(
        Indicator.objects.filter(project=project)
        .filter(Q(kind=Indicator.Kind.MANUAL) | Q(code__in=list(registered)))
        .order_by("position", "code")
    )
    period = Period.until(project, today)
    total = len(indicators)
    failed = []
    for done, indicator in enumerate(indicators):
        # Progress goes through the cache: this transaction's rows are invisible until
        # it commits, and the page polls while it runs.
        cache.set(progress_key(run.pk), {"done": done, "total": total}, 3600)
        try:
            # One app's broken calculator must not hide every other figure: its indicator
            # keeps its earlier snapshots and the run says which one failed.
            with transaction.atomic():
                _snapshot(run, indicator, registered, period, today)
        except Exception:
            logger.exception("KPI %s could not be computed", indicator.code)
            failed.append(indicator.code)
    cache.set(progress_key(run.pk), {"done": total, "total": total}, 3600)
    RollupRun.objects.filter(pk=run.pk).update(
        status=RollupRun.Status.DONE,
        finished_at=timezone.now(),
        duration=dt.timedelta(seconds=time.monotonic() - begun),
        indicators_done=total - len(failed),
        indicators_total=total,
        error=f"Could not compute: {', '.join(failed)}" if failed else "",
    )


def _snapshot(run, indicator, registered, period, today) -> None:
    if indicator.kind == Indicator.Kind.MANUAL:
        figures = reports.manual_figures(indicator, period)  # approved reports only
    else:
        figures = registered[indicator.code](period)
    Snapshot.objects.update_or_create(
        indicator=indicator,
        taken_on=today,
        defaults={
            "value": Decimal(figures.total),
            "contributions": {
                str(pk): str(Decimal(value)) for pk, value in figures.by_cluster.items()
            },
            "computed_at": timezone.now(),
            "run": run,
        },
    )
