"""Indicators computed from the surveys app: the SME satisfaction index and the survey
response rate (both over launched campaigns of the project's clusters in the period)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from . import standard
from .models import Answer, Invitation, InvitationStatus, Response

TWO_PLACES = Decimal("0.01")


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=dt.UTC)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    return start, end


def _satisfaction_answers(period: Period):
    start, end = _bounds(period)
    return Answer.objects.filter(
        response__cluster__project=period.project,
        response__submitted_at__gte=start,
        response__submitted_at__lt=end,
        question__code__in=standard.SATISFACTION_CODES,
        question__questionnaire__key=standard.KEY,
        number__isnull=False,
    )


@indicator(
    "sme_satisfaction_index",
    name=_("SME satisfaction index"),
    unit=_("of 5"),
    description=_(
        "Mean of the satisfaction ratings (1-5) in the submitted answers to the SME "
        "satisfaction survey within the project period."
    ),
)
def sme_satisfaction_index(period: Period) -> Figures:
    answers = _satisfaction_answers(period)
    total = answers.aggregate(mean=Avg("number"))["mean"]
    by_cluster = dict(
        answers.values_list("response__cluster_id").annotate(mean=Avg("number")).order_by()
    )
    return Figures(
        total=Decimal(total or 0).quantize(TWO_PLACES),
        by_cluster={pk: Decimal(mean).quantize(TWO_PLACES) for pk, mean in by_cluster.items()},
    )


@sme_satisfaction_index.evidence
def sme_satisfaction_index_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    """One row per submitted response with the mean of its satisfaction ratings (never
    who answered: most campaigns are anonymous)."""
    start, end = _bounds(period)
    responses = Response.objects.filter(
        cluster__project=period.project,
        submitted_at__gte=start,
        submitted_at__lt=end,
        answers__question__code__in=standard.SATISFACTION_CODES,
        answers__question__questionnaire__key=standard.KEY,
        answers__number__isnull=False,
    )
    if cluster_id is not None:
        responses = responses.filter(cluster_id=cluster_id)
    rows = (
        responses.values_list("cluster__acronym", "campaign__title", "pk", "submitted_at")
        .annotate(mean=Avg("answers__number"), n=Count("answers"))
        .order_by("cluster__acronym", "campaign__title", "pk")
    )
    return Evidence(
        columns=(
            _("Cluster"),
            _("Campaign"),
            _("Response"),
            _("Submitted"),
            _("Mean rating"),
            _("Ratings"),
        ),
        rows=[
            (acronym, title, pk, submitted.date(), Decimal(mean).quantize(TWO_PLACES), n)
            for acronym, title, pk, submitted, mean, n in rows
        ],
    )


def _invitations(period: Period, cluster_id: int | None = None):
    """The invitations of the campaigns to members (a training's feedback campaign asks
    its attendees, not the cluster's members: it is not counted)."""
    invitations = Invitation.objects.filter(
        campaign__cluster__project=period.project,
        campaign__launched_at__isnull=False,
        campaign__activity__isnull=True,
        campaign__opens_on__range=(period.start, period.end),
    )
    if cluster_id is not None:
        invitations = invitations.filter(campaign__cluster_id=cluster_id)
    return invitations


ANSWERED = Q(response__submitted_at__isnull=False)


@indicator(
    "survey_response_rate",
    name=_("Survey response rate"),
    unit="%",
    description=_(
        "Share of the invited members who submitted their answers, over the campaigns "
        "that opened within the project period (training feedback not counted)."
    ),
)
def survey_response_rate(period: Period) -> Figures:
    def rate(invited, answered) -> Decimal:
        return (Decimal(100 * answered) / invited).quantize(TWO_PLACES) if invited else Decimal(0)

    rows = (
        _invitations(period)
        .values_list("campaign__cluster_id")
        .annotate(invited=Count("id"), answered=Count("id", filter=ANSWERED))
        .order_by()
    )
    invited = answered = 0
    by_cluster = {}
    for cluster_id, cluster_invited, cluster_answered in rows:
        by_cluster[cluster_id] = rate(cluster_invited, cluster_answered)
        invited += cluster_invited
        answered += cluster_answered
    return Figures(total=rate(invited, answered), by_cluster=by_cluster)


@survey_response_rate.evidence
def survey_response_rate_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    """One row per invitation: whether it was answered (not who was invited)."""
    rows = (
        _invitations(period, cluster_id)
        .annotate(answered=Count("id", filter=ANSWERED))
        .values_list("campaign__cluster__acronym", "campaign__title", "pk", "status", "answered")
        .order_by("campaign__cluster__acronym", "campaign__title", "pk")
    )
    labels = dict(InvitationStatus.choices)
    return Evidence(
        columns=(_("Cluster"), _("Campaign"), _("Invitation"), _("Status"), _("Answered")),
        rows=[
            (acronym, title, pk, labels.get(status, status), _("yes") if answered else _("no"))
            for acronym, title, pk, status, answered in rows
        ],
    )
