"""Manual indicators: the report workflow (draft, submitted, returned, approved), the
calculator that turns approved reports into figures, and the reminder of reports due.

Each cluster's figure is its latest approved value; the consortium total is their sum.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tracekei import access

from .models import Indicator, ManualReport
from .registry import Evidence, Figures, Period


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def report_due(today: dt.date) -> dt.date:
    """The period a report is due for: the month before ``today``'s."""
    return month_end(today.replace(day=1) - dt.timedelta(days=1))


@transaction.atomic
def report_save(
    *, actor, indicator: Indicator, cluster, period_end: dt.date, value, narrative="", evidence=""
) -> ManualReport:
    """A manager writes (or rewrites) his cluster's draft or returned report."""
    if indicator.kind != Indicator.Kind.MANUAL or cluster.project_id != indicator.project_id:
        raise PermissionDenied
    access.require_change(actor, cluster)
    project = indicator.project
    if not month_end(project.start_date) <= month_end(period_end) <= month_end(project.end_date):
        raise ValidationError(
            {
                "period_end": _("Choose a month of the project (%(start)s to %(end)s).")
                % {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()}
            }
        )
    report = (
        ManualReport.objects.select_for_update()
        .filter(indicator=indicator, cluster=cluster, period_end=month_end(period_end))
        .first()
    ) or ManualReport(indicator=indicator, cluster=cluster, period_end=month_end(period_end))
    if report.pk and not report.editable:
        raise ValidationError(_("This report is submitted or approved and cannot be changed."))
    report.value, report.narrative, report.evidence = value, narrative, evidence
    report.reported_by = actor
    if report.status == ManualReport.Status.RETURNED:
        report.status = ManualReport.Status.DRAFT
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def report_submit(*, actor, report: ManualReport) -> ManualReport:
    report = ManualReport.objects.select_for_update().get(pk=report.pk)
    access.require_change(actor, report.cluster)
    if not report.editable:
        raise ValidationError(_("This report is already submitted."))
    report.status = ManualReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    return report


@transaction.atomic
def report_decide(*, actor, report: ManualReport, approve: bool, comment="") -> ManualReport:
    """The coordinator approves a submitted report, or returns it with a comment."""
    report = ManualReport.objects.select_for_update().select_related("cluster").get(pk=report.pk)
    access.require_coordinator_of(actor, report.cluster)
    if report.status != ManualReport.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be approved or returned."))
    if not approve and not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    report.status = ManualReport.Status.APPROVED if approve else ManualReport.Status.RETURNED
    report.comment = comment.strip()
    report.decided_by, report.decided_at = actor, timezone.now()
    report.save(update_fields=["status", "comment", "decided_by", "decided_at", "updated_at"])
    return report


def _latest_approved(indicator: Indicator, period: Period, cluster_id=None):
    approved = ManualReport.objects.filter(
        indicator=indicator,
        status=ManualReport.Status.APPROVED,
        period_end__range=(period.start, month_end(period.end)),
    )
    latest = approved.filter(cluster=OuterRef("cluster")).order_by("-period_end")
    reports = approved.filter(pk=Subquery(latest.values("pk")[:1])).select_related("cluster")
    if cluster_id is not None:
        reports = reports.filter(cluster_id=cluster_id)
    return reports.order_by("cluster__acronym")


def manual_figures(indicator: Indicator, period: Period) -> Figures:
    by_cluster = {r.cluster_id: r.value for r in _latest_approved(indicator, period)}
    return Figures(total=Decimal(sum(by_cluster.values())), by_cluster=by_cluster)


def manual_evidence(indicator: Indicator, period: Period, cluster_id=None) -> Evidence:
    return Evidence(
        columns=(
            _("Cluster"),
            _("Period ending on"),
            _("Value"),
            _("What happened"),
            _("Evidence"),
        ),
        rows=[
            (r.cluster.acronym, r.period_end, r.value, r.narrative, r.evidence)
            for r in _latest_approved(indicator, period, cluster_id)
        ],
    )


def remind_due_reports(*, today: dt.date | None = None) -> int:
    """E-mail each manager whose cluster has not submitted a manual indicator's report
    for last month (within the project's dates). Returns how many e-mails were sent."""
    from clusters.models import RoleAssignment

    today = today or timezone.localdate()
    period_end = report_due(today)
    sent = 0
    indicators = Indicator.objects.filter(
        kind=Indicator.Kind.MANUAL,
        project__start_date__lte=period_end,
        project__end_date__gte=period_end.replace(day=1),
    ).select_related("project")
    for indicator in indicators:
        done = ManualReport.objects.filter(indicator=indicator, period_end=period_end).exclude(
            status__in=[ManualReport.Status.DRAFT, ManualReport.Status.RETURNED]
        )
        managers = (
            RoleAssignment.objects.filter(role="manager", cluster__project=indicator.project)
            .exclude(cluster__in=done.values("cluster"))
            .select_related("user", "cluster")
        )
        for assignment in managers:
            send_mail(
                subject=_("[%(portal)s] Report due: %(indicator)s")
                % {"portal": settings.PORTAL_PROJECT_ACRONYM, "indicator": indicator.name},
                message=_(
                    "The report of %(cluster)s on “%(indicator)s” for the month ending "
                    "%(period)s is due. Please write it in the portal: %(link)s"
                )
                % {
                    "cluster": assignment.cluster.acronym,
                    "indicator": indicator.name,
                    "period": period_end.isoformat(),
                    "link": f"{settings.PORTAL_BASE_URL}/kpis/{indicator.code}/reports/",
                },
                from_email=None,
                recipient_list=[assignment.user.email],
            )
            sent += 1
    return sent
