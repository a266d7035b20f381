"""The sweep (Celery beat): a request left queued or running by a lost worker becomes
failed with a reason, so it can be generated again; nothing else changes."""

import datetime as dt

import pytest
from django.utils import timezone

from tracekei.outbox.models import OutboxMessage
from tracekei.reports import services, tasks
from tracekei.reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def request(project, status, *, age_minutes, started=True):
    row = ReportRequest.objects.create(project=project, report_type="kpi-progress", status=status)
    then = timezone.now() - dt.timedelta(minutes=age_minutes)
    ReportRequest.objects.filter(pk=row.pk).update(
        created_at=then, started_at=then if started and status == "running" else None
    )
    return row


def test_stale_requests_are_marked_failed_and_fresh_ones_left_alone(project, settings):
    settings.REPORTS_STALE_AFTER = 30 * 60
    stale_queued = request(project, "queued", age_minutes=45)
    stale_running = request(project, "running", age_minutes=31)
    fresh_running = request(project, "running", age_minutes=5)
    fresh_queued = request(project, "queued", age_minutes=1)
    old_failed = request(project, "failed", age_minutes=600)
    assert tasks.sweep() == 2
    statuses = dict(ReportRequest.objects.values_list("pk", "status"))
    assert statuses[stale_queued.pk] == statuses[stale_running.pk] == "failed"
    assert statuses[fresh_running.pk] == "running"
    assert statuses[fresh_queued.pk] == "queued"
    assert statuses[old_failed.pk] == "failed"
    stale_queued.refresh_from_db()
    assert "Generate it again" in stale_queued.error
    assert stale_queued.finished_at is not None
    assert services.report_sweep() == 0  # nothing left to sweep


def test_a_request_whose_task_waits_in_the_outbox_is_not_swept(project, settings):
    """Redis was away for longer than the stale limit: the request's task is still in the
    outbox (tracekei.outbox), so the request is late, not lost."""
    settings.REPORTS_STALE_AFTER = 30 * 60
    waiting = request(project, "queued", age_minutes=90)
    lost = request(project, "queued", age_minutes=90)
    OutboxMessage.objects.create(task=tasks.generate.name, args=[waiting.pk])
    OutboxMessage.objects.create(task="surveys.send_mails", args=[[lost.pk]])  # not a report
    assert services.report_sweep() == 1
    statuses = dict(ReportRequest.objects.values_list("pk", "status"))
    assert (statuses[waiting.pk], statuses[lost.pk]) == ("queued", "failed")


def test_the_sweep_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reports-sweep"]
    assert entry["task"] == tasks.sweep.name
