"""Indicators computed from the strategy app: new cluster strategies and the joint one."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from .models import FROZEN, JointStatus, JointStrategy, StrategyVersion


def _first_adoptions(period: Period, cluster_id: int | None = None) -> list[StrategyVersion]:
    """The first version each cluster adopted within the project period: adopting a new
    version later (which supersedes the first) does not bring a second strategy."""
    versions = StrategyVersion.objects.filter(
        strategy__cluster__project=period.project,
        status__in=FROZEN,
        adopted_on__range=(period.start, period.end),
    ).select_related("strategy__cluster")
    if cluster_id is not None:
        versions = versions.filter(strategy__cluster_id=cluster_id)
    first = {}
    for version in versions.order_by("adopted_on", "pk"):
        first.setdefault(version.strategy.cluster_id, version)
    return sorted(first.values(), key=lambda v: (v.strategy.cluster.acronym, v.pk))


@indicator(
    "strategies_adopted",
    name=_("New cluster strategies developed"),
    unit=_("strategies"),
    description=_("Clusters that adopted a strategy within the project period (once each)."),
)
def strategies_adopted(period: Period) -> Figures:
    versions = _first_adoptions(period)
    return Figures(
        total=Decimal(len(versions)),
        by_cluster={v.strategy.cluster_id: Decimal(1) for v in versions},
    )


@strategies_adopted.evidence
def strategies_adopted_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    return Evidence(
        columns=(_("Cluster"), _("Strategy"), _("Version"), _("Adopted on"), _("Adopted by")),
        rows=[
            (
                v.strategy.cluster.acronym,
                v.strategy.title,
                v.number,
                v.adopted_on,
                v.adopted_by_body,
            )
            for v in _first_adoptions(period, cluster_id)
        ],
    )


def _adopted_joint(period: Period) -> list[JointStrategy]:
    return list(
        JointStrategy.objects.filter(
            project=period.project,
            status=JointStatus.ADOPTED,
            adopted_on__range=(period.start, period.end),
        )
    )


@indicator(
    "joint_strategy",
    name=_("Joint strategy at the end"),
    unit=_("strategies"),
    description=_("1 when the consortium's joint strategy is adopted within the period."),
)
def joint_strategy(period: Period) -> Figures:
    return Figures(total=Decimal(len(_adopted_joint(period))))


@joint_strategy.evidence
def joint_strategy_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    rows = [] if cluster_id is not None else _adopted_joint(period)
    return Evidence(
        columns=(_("Joint strategy"), _("Adopted on"), _("Adopted by")),
        rows=[(j.title, j.adopted_on, j.adopted_by_body) for j in rows],
    )
