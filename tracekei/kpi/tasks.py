"""Celery entry points of the KPI engine: the rollup (queued after commit by
services.rollup_request) and the nightly rollup of every project (beat)."""

from celery import shared_task


@shared_task(name="kpi.rollup", acks_late=True)
def rollup(project_id: int, run_id: int) -> str:
    """Safe to run twice: a done run is left alone; a half-done one rolled back and
    is done again, replacing the day's snapshots."""
    from .models import RollupRun
    from .services import rollup_run

    if not RollupRun.objects.filter(pk=run_id, project_id=project_id).exists():
        return "missing"
    return rollup_run(run_id=run_id).status


@shared_task(name="kpi.rollup_all", acks_late=True)
def rollup_all() -> int:
    """Nightly: one rollup per project (a project with one pending already keeps it)."""
    from clusters.models import Project

    from .services import rollup_request

    count = 0
    for project in Project.objects.all():
        rollup_request(actor=None, project=project)
        count += 1
    return count


@shared_task(name="kpi.remind_reports", acks_late=True)
def remind_reports() -> int:
    """Monthly: managers whose report on a manual indicator is due get an e-mail.
    (Run twice the same day, it sends twice: beat runs it once a month.)"""
    from .reports import remind_due_reports

    return remind_due_reports()
