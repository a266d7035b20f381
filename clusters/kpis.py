"""Indicators computed from the clusters app: labels and membership."""

from collections import Counter
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from .models import LabelAward, LabelLevel, Member, active_members_q


def _new_bronze_labels(period: Period, cluster_id: int | None = None) -> list[LabelAward]:
    """The first bronze label each cluster received within the project period: a
    cluster relabelled twice in the period still brings one new label. (Labels are a
    handful per cluster, so keeping the first of each in Python costs nothing.)"""
    awards = LabelAward.objects.filter(
        cluster__project=period.project,
        level=LabelLevel.BRONZE,
        awarded_on__range=(period.start, period.end),
    ).select_related("cluster")
    if cluster_id is not None:
        awards = awards.filter(cluster_id=cluster_id)
    first = {}
    for award in awards.order_by("awarded_on", "pk"):
        first.setdefault(award.cluster_id, award)
    return sorted(first.values(), key=lambda award: (award.cluster.acronym, award.pk))


@indicator(
    "new_bronze_labels",
    name=_("New bronze labels"),
    unit=_("labels"),
    description=_("Clusters awarded a bronze label within the project period (once each)."),
)
def new_bronze_labels(period: Period) -> Figures:
    by_cluster = Counter(award.cluster_id for award in _new_bronze_labels(period))
    return Figures(
        total=Decimal(sum(by_cluster.values())),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@new_bronze_labels.evidence
def new_bronze_labels_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    return Evidence(
        columns=(_("Cluster"), _("Awarded on"), _("Valid until"), _("Note")),
        rows=[
            (award.cluster.acronym, award.awarded_on, award.valid_until, award.note)
            for award in _new_bronze_labels(period, cluster_id)
        ],
    )


@indicator(
    "active_members",
    name=_("Member organisations"),
    unit=_("organisations"),
    description=_("Member organisations of the project's clusters that have not left."),
)
def active_members(period: Period) -> Figures:
    members = Member.objects.filter(active_members_q(), cluster__project=period.project)
    by_cluster = dict(members.values_list("cluster").annotate(n=Count("pk")).order_by())
    return Figures(
        total=Decimal(sum(by_cluster.values())),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@active_members.evidence
def active_members_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    members = Member.objects.filter(active_members_q(), cluster__project=period.project)
    if cluster_id is not None:
        members = members.filter(cluster_id=cluster_id)
    return Evidence(
        columns=(_("Cluster"), _("Member"), _("Type"), _("Country"), _("Joined on")),
        rows=[
            (m.cluster.acronym, m.name, m.get_member_type_display(), m.country.code, m.joined_on)
            for m in members.select_related("cluster").order_by("cluster__acronym", "name", "pk")
        ],
    )
