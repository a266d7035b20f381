"""The services app's PDF report (tracekei.reports.catalogue): the mapping questionnaire
over the periods, the service catalogue, the deliveries and the coverage of the reference
portfolio, per cluster or for the consortium; and its part of the final report. Every
figure comes from services.selectors, as on the pages."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tracekei.reports.pdf import scope_clusters

from . import selectors
from .models import MappingPeriod, ServiceStatus

SERVICES_REPORT = "services-mapping"
PART = _("Cluster services")


def register(catalogue) -> None:
    catalogue.report(
        SERVICES_REPORT,
        title=_("Services mapping report"),
        per_cluster=True,
        cluster_optional=True,
    )
    sections = (
        ("mapping", _("Mapping questionnaire over the periods"), mapping),
        ("catalogue", _("Service catalogue"), service_catalogue),
        ("deliveries", _("Service deliveries"), deliveries),
        ("reference", _("Coverage of the reference portfolio"), reference_gap),
    )
    catalogue.app_report(
        SERVICES_REPORT, app="services", sections=sections, final_position=100, part=PART
    )


MAPPING_ROWS = (
    ("answered_on", _("Answered on")),
    ("goals_pursued", _("Initial goals still pursued")),
    ("revenue_public", _("Public funding (%)")),
    ("revenue_membership", _("Membership fees (%)")),
    ("revenue_services", _("Service fees (%)")),
    ("revenue_other", _("Other revenue (%)")),
    ("sustainability_outlook", _("Financial outlook")),
    ("committed_members", _("Committed members")),
)


def _mapping_value(mapping, name):
    if mapping is None:
        return "—"
    if name == "answered_on":
        return mapping.answered_on
    if name in ("goals_pursued", "sustainability_outlook"):
        return getattr(mapping, f"get_{name}_display")()
    return getattr(mapping, name)


def mapping(context) -> dict:
    """Each cluster's questionnaire side by side, baseline to final (as the mapping page)."""
    clusters = scope_clusters(context)
    by_cluster: dict[int, dict] = {}
    for row in selectors.mapping_list(user=context["user"]).filter(cluster__in=clusters):
        by_cluster.setdefault(row.cluster_id, {})[row.period] = row
    tables = []
    for cluster in clusters:
        periods = [by_cluster.get(cluster.pk, {}).get(value) for value in MappingPeriod.values]
        rows = [(label, [_mapping_value(m, name) for m in periods]) for name, label in MAPPING_ROWS]
        tables.append({"cluster": cluster, "rows": rows, "answered": any(periods)})
    return {"tables": tables, "periods": MappingPeriod.labels}


def service_catalogue(context) -> dict:
    clusters = scope_clusters(context)
    services = list(selectors.service_list(user=context["user"]).filter(cluster__in=clusters))
    by_status = dict.fromkeys(ServiceStatus.values, 0)
    for service in services:
        by_status[service.status] += 1
    return {
        "services": services,
        "by_status": [(label, by_status[value]) for value, label in ServiceStatus.choices],
        "consortium": context.get("cluster") is None,
        "deliveries": sum(service.delivery_count for service in services),
    }


def deliveries(context) -> dict:
    """The period's deliveries by category, and the latest ones."""
    clusters = scope_clusters(context)
    rows = selectors.delivery_list(user=context["user"]).filter(
        context["period"].q("delivered_on"), service__cluster__in=clusters
    )
    by_category = list(
        rows.order_by()
        .values("service__category__name")
        .annotate(count=Count("pk"), members=Count("member", distinct=True))
        .order_by("service__category__name")
    )
    return {
        "by_category": by_category,
        "total": sum(row["count"] for row in by_category),
        "members": rows.order_by().aggregate(n=Count("member", distinct=True))["n"],
        "latest": list(rows[:20]),
        "consortium": context.get("cluster") is None,
    }


def reference_gap(context) -> dict | None:
    """Offered / partly / missing against the reference portfolio: a cluster's list, or
    the consortium's clusters x reference services (services.selectors)."""
    cluster = context.get("cluster")
    if cluster is not None:
        items = selectors.reference_coverage(cluster)
        if not items:
            return None
        counts = dict.fromkeys(selectors.COVERAGE_LABELS, 0)
        for item in items:
            counts[item.coverage] += 1
        return {
            "coverage": items,
            "counts": [(selectors.COVERAGE_LABELS[k], v) for k, v in counts.items()],
        }
    matrix = selectors.service_matrix(user=context["user"], project=context["project"])
    references = list(selectors.reference_portfolio(context["project"]))
    if not references:
        return None
    index = {category.pk: i for i, category in enumerate(matrix.categories)}
    rows = []
    for row in matrix.rows:
        cells = [row.cells[index[ref.category_id]] for ref in references]
        rows.append({"cluster": row.cluster, "cells": cells, "covered": row.reference_covered})
    return {
        "references": references,
        "matrix_rows": rows,
        "count": len({ref.category_id for ref in references}),
    }
