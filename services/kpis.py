"""Indicators computed from the services app: SMEs benefitting from new or improved
services (distinct), the fee-based share of the portfolio, new or improved services."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from clusters.models import MemberType
from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from .models import NEW_OR_IMPROVED, PAID_FEE_MODELS, Service, ServiceDelivery


def benefitting_deliveries(period: Period):
    """Deliveries that make an SME "benefit": an SME member, a new or improved service,
    a date within the period and not before the service was launched or improved."""
    return ServiceDelivery.objects.filter(
        service__cluster__project=period.project,
        service__status__in=NEW_OR_IMPROVED,
        delivered_on__range=(period.start, period.end),
        delivered_on__gte=F("service__status_since"),
        member__member_type=MemberType.SME,
    )


@indicator(
    "smes_benefitting",
    name=_("SMEs benefitting from new or improved services"),
    unit=_("SMEs"),
    description=_(
        "Distinct SMEs that received at least one delivery of a new or improved service "
        "within the project period (an SME in two clusters, or receiving three services, "
        "counts once)."
    ),
    distinct=True,
)
def smes_benefitting(period: Period) -> Figures:
    deliveries = benefitting_deliveries(period)
    total = deliveries.aggregate(n=Count("member__organisation_key", distinct=True))["n"]
    by_cluster = dict(
        deliveries.values_list("service__cluster")
        .annotate(n=Count("member__organisation_key", distinct=True))
        .order_by()
    )
    return Figures(
        total=Decimal(total),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@smes_benefitting.evidence
def smes_benefitting_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    """One row per distinct SME: its name, country, the clusters and services that reached it."""
    deliveries = benefitting_deliveries(period)
    if cluster_id is not None:
        deliveries = deliveries.filter(service__cluster_id=cluster_id)
    smes: dict[str, dict] = {}
    rows = deliveries.values_list(
        "member__organisation_key",
        "member__name",
        "member__country",
        "service__cluster__acronym",
        "service__name",
    ).order_by("member__name", "member__pk")
    for key, name, country, cluster, service in rows:
        sme = smes.setdefault(
            key, {"name": name, "country": country, "clusters": set(), "services": set()}
        )
        sme["clusters"].add(cluster)
        sme["services"].add(f"{service} ({cluster})")
    return Evidence(
        columns=(_("SME"), _("Country"), _("Clusters"), _("Services")),
        rows=[
            (
                sme["name"],
                sme["country"],
                ", ".join(sorted(sme["clusters"])),
                "; ".join(sorted(sme["services"])),
            )
            for sme in sorted(
                smes.values(), key=lambda sme: (sme["name"].casefold(), sme["country"])
            )
        ],
    )


def _project_services(period: Period):
    return Service.objects.filter(cluster__project=period.project)


def _percent(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0")
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@indicator(
    "fee_based_services_share",
    name=_("Fee-based share of the services"),
    unit="%",
    description=_("Percent of the project's services whose fee model is fee-based or mixed."),
)
def fee_based_services_share(period: Period) -> Figures:
    counts = (
        _project_services(period)
        .values_list("cluster")
        .annotate(total=Count("pk"), paid=Count("pk", filter=Q(fee_model__in=PAID_FEE_MODELS)))
        .order_by()
    )
    by_cluster = {}
    all_services = paid_services = 0
    for cluster_pk, total, paid in counts:
        by_cluster[cluster_pk] = _percent(paid, total)
        all_services += total
        paid_services += paid
    return Figures(total=_percent(paid_services, all_services), by_cluster=by_cluster)


@fee_based_services_share.evidence
def fee_based_services_share_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    """Every service of the project (the whole the share is taken of), fee-based or not."""
    services = _project_services(period).select_related("cluster", "category")
    if cluster_id is not None:
        services = services.filter(cluster_id=cluster_id)
    return Evidence(
        columns=(_("Cluster"), _("Service"), _("Category"), _("Fee model"), _("Fee-based")),
        rows=[
            (
                s.cluster.acronym,
                s.name,
                s.category.name,
                s.get_fee_model_display(),
                _("yes") if s.is_paid else _("no"),
            )
            for s in services.order_by("cluster__acronym", "name", "pk")
        ],
    )


def _new_or_improved(period: Period):
    return _project_services(period).filter(
        status__in=NEW_OR_IMPROVED, status_since__range=(period.start, period.end)
    )


@indicator(
    "new_or_improved_services",
    name=_("New or improved services"),
    unit=_("services"),
    description=_("Services launched or improved within the project period."),
)
def new_or_improved_services(period: Period) -> Figures:
    by_cluster = dict(
        _new_or_improved(period).values_list("cluster").annotate(n=Count("pk")).order_by()
    )
    return Figures(
        total=Decimal(sum(by_cluster.values())),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@new_or_improved_services.evidence
def new_or_improved_services_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    services = _new_or_improved(period).select_related("cluster", "category")
    if cluster_id is not None:
        services = services.filter(cluster_id=cluster_id)
    return Evidence(
        columns=(_("Cluster"), _("Service"), _("Category"), _("Status"), _("Since")),
        rows=[
            (s.cluster.acronym, s.name, s.category.name, s.get_status_display(), s.status_since)
            for s in services.order_by("cluster__acronym", "name", "pk")
        ],
    )
