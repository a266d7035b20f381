"""Every write of the reports layer: asking for a report, and generating it (the task).

Generation is safe to run twice and to kill half-way: the row is claimed under
``select_for_update``; the PDF goes to a temporary name, is moved onto the request's
one final name, and the row is marked done in one transaction. A killed run leaves at
most a stray temporary file and a row still running, never a "done" without its file;
a retried run writes the same final name again: one file per request.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
import traceback

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tracekei import access
from tracekei.outbox import enqueue

from .catalogue import report_types
from .models import ReportRequest

logger = logging.getLogger(__name__)


def may_request(user, *, report_type, project, cluster=None, options=None) -> bool:
    """A coordinator of the project (or an admin): every report; a cluster's manager:
    their cluster's cluster reports; a report type with its own rule (``permits``):
    that rule."""
    from .selectors import coordinated_projects

    if cluster is not None and cluster.project_id != project.pk:
        return False
    if report_type.permits is not None:
        return bool(report_type.permits(user, project, cluster, options or {}))
    if coordinated_projects(user).filter(pk=project.pk).exists():
        return True
    return bool(report_type.per_cluster and access.can_change_cluster(user, cluster))


@transaction.atomic
def report_request(
    *,
    actor,
    report_type: str,
    project,
    cluster=None,
    language="en",
    period_start=None,
    period_end=None,
    options=None,
):
    """Queue a report; the worker renders it after the commit."""
    report = report_types().get(report_type)
    if report is None:
        raise ValidationError({"report_type": _("Unknown report.")})
    if not report.per_cluster:
        cluster = None
    elif cluster is None and not report.cluster_optional:
        raise ValidationError({"cluster": _("Choose the cluster of this report.")})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period cannot end before it starts.")})
    options = {key: value for key, value in (options or {}).items() if value is not None}
    if set(options) - set(report.options):
        raise ValidationError({"options": _("This report has no such option.")})
    if not may_request(
        actor, report_type=report, project=project, cluster=cluster, options=options
    ):
        raise PermissionDenied
    row = ReportRequest(
        project=project,
        report_type=report_type,
        cluster=cluster,
        language=language,
        period_start=period_start,
        period_end=period_end,
        options=options,
        requested_by=actor,
    )
    row.full_clean()
    row.save()
    from .tasks import generate

    enqueue(generate, row.pk)
    return row


def report_regenerate(*, actor, previous: ReportRequest) -> ReportRequest:
    """A new request with the same parameters; the old one stays in the history."""
    return report_request(
        actor=actor,
        report_type=previous.report_type,
        project=previous.project,
        cluster=previous.cluster,
        language=previous.language,
        period_start=previous.period_start,
        period_end=previous.period_end,
        options=previous.options,
    )


def file_name(row: ReportRequest) -> str:
    """One name per request, so a retried run replaces rather than adds."""
    return f"reports/{row.project_id}/{row.report_type}-{row.pk}.pdf"


def report_generate(*, request_id: int) -> ReportRequest:
    from .render import render_pdf

    with transaction.atomic():
        row = (
            ReportRequest.objects.select_for_update(of=("self",))
            .select_related("project", "cluster", "requested_by")
            .get(pk=request_id)
        )
        if row.status == ReportRequest.Status.DONE:
            return row
        row.status = ReportRequest.Status.RUNNING
        row.stage = "rendering"
        row.started_at = timezone.now()
        row.attempts += 1
        row.error = ""
        row.save(update_fields=["status", "stage", "started_at", "attempts", "error"])
    begun = time.monotonic()
    try:
        if row.requested_by is None:
            raise PermissionDenied("The person who asked for this report no longer exists.")
        rendered = render_pdf(row)
        name = file_name(row)
        final = default_storage.path(name)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        temporary = f"{final}.{os.getpid()}.part"
        with open(temporary, "wb") as handle:
            handle.write(rendered.pdf)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, final)  # atomic: readers see the old file or the new one
        with transaction.atomic():
            row = ReportRequest.objects.select_for_update().get(pk=request_id)
            if row.status == ReportRequest.Status.DONE:  # a twin run finished first
                return row
            row.status = ReportRequest.Status.DONE
            row.stage = ""
            row.file.name = name
            row.file_size = len(rendered.pdf)
            row.page_count = rendered.pages
            row.data_as_of = rendered.data_as_of
            row.finished_at = timezone.now()
            row.duration = dt.timedelta(seconds=time.monotonic() - begun)
            row.save()
        return row
    except Exception:
        logger.exception("Report %s failed", request_id)
        ReportRequest.objects.filter(pk=request_id).exclude(
            status=ReportRequest.Status.DONE
        ).update(
            status=ReportRequest.Status.FAILED,
            stage="",
            finished_at=timezone.now(),
            duration=dt.timedelta(seconds=time.monotonic() - begun),
            error=traceback.format_exc(limit=3)[-2000:],
        )
        raise


def report_sweep(*, now=None) -> int:
    """Requests queued or running for longer than ``REPORTS_STALE_AFTER`` seconds (their
    worker died and the message was lost) are marked failed, so they can be generated
    again. Returns how many. A queued request whose task still waits in the outbox (the
    broker was away) is not lost: it runs when the outbox is published again."""
    from django.conf import settings

    from tracekei import outbox

    from .tasks import generate

    now = now or timezone.now()
    limit = now - dt.timedelta(seconds=settings.REPORTS_STALE_AFTER)
    reason = _("The report was not finished in time: its worker stopped. Generate it again.")
    waiting = [args[0] for args in outbox.waiting_args(generate.name) if args]
    stale = ReportRequest.objects.filter(
        Q(status=ReportRequest.Status.QUEUED, created_at__lt=limit) & ~Q(pk__in=waiting)
        | Q(status=ReportRequest.Status.RUNNING, started_at__lt=limit)
        | Q(status=ReportRequest.Status.RUNNING, started_at__isnull=True, created_at__lt=limit)
    )
    count = stale.update(
        status=ReportRequest.Status.FAILED, stage="", finished_at=now, error=str(reason)
    )
    if count:
        logger.warning("Marked %d stale report request(s) as failed", count)
    return count
