"""The reports layer's own catalogue entries: the two report types of today and their
sections, gathered from each app's selectors (reads only, scoped to the requester).
A work-package app may add sections to these reports from its own ``pdf.py``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from clusters import selectors as clusters_selectors
from clusters.models import LabelAward, MemberType, active_members_q
from tracekei.kpi import selectors as kpi_selectors

from .catalogue import FINAL_REPORT
from .charts import print_sparkline

KPI_PROGRESS = "kpi-progress"
CLUSTER_PROFILE = "cluster-profile"


def scope_clusters(context) -> list:
    """The clusters a section covers: the report's cluster, or (a consortium report) the
    project's clusters the requester may see."""
    from tracekei import access

    if context.get("cluster") is not None:
        return [context["cluster"]]
    if "scope_clusters" not in context:
        context["scope_clusters"] = list(
            access.visible_clusters(context["user"])
            .filter(project=context["project"])
            .order_by("acronym")
        )
    return context["scope_clusters"]


def register(catalogue) -> None:
    catalogue.report(KPI_PROGRESS, title=_("Consortium KPI progress report"), per_cluster=False)
    catalogue.report(CLUSTER_PROFILE, title=_("Cluster profile report"), per_cluster=True)
    catalogue.report(FINAL_REPORT, title=_("Final project report"), per_cluster=False)
    section = catalogue.section
    section(
        FINAL_REPORT,
        code="final-indicators",
        title=_("Indicators: actual against target"),
        position=10,
        template="reports/pdf/kpi_indicators.html",
        gather=kpi_indicators,
        part=_("Key performance indicators"),
    )
    section(
        FINAL_REPORT,
        code="final-contributions",
        title=_("Contribution of each cluster"),
        position=20,
        template="reports/pdf/kpi_contributions.html",
        gather=kpi_contributions,
        part=_("Key performance indicators"),
    )
    section(
        KPI_PROGRESS,
        code="indicators",
        title=_("Indicators"),
        position=10,
        template="reports/pdf/kpi_indicators.html",
        gather=kpi_indicators,
    )
    section(
        KPI_PROGRESS,
        code="contributions",
        title=_("Contribution of each cluster"),
        position=20,
        template="reports/pdf/kpi_contributions.html",
        gather=kpi_contributions,
    )
    section(
        CLUSTER_PROFILE,
        code="profile",
        title=_("Profile"),
        position=10,
        template="reports/pdf/cluster_profile.html",
        gather=cluster_profile,
    )
    section(
        CLUSTER_PROFILE,
        code="members",
        title=_("Members"),
        position=20,
        template="reports/pdf/cluster_members.html",
        gather=cluster_members,
    )
    section(
        CLUSTER_PROFILE,
        code="services",
        title=_("Services"),
        position=30,
        template="reports/pdf/cluster_services.html",
        gather=cluster_services,
    )
    section(
        CLUSTER_PROFILE,
        code="trainings",
        title=_("Trainings"),
        position=40,
        template="reports/pdf/cluster_trainings.html",
        gather=cluster_trainings,
    )
    section(
        CLUSTER_PROFILE,
        code="strategy",
        title=_("Strategy"),
        position=50,
        template="reports/pdf/cluster_strategy.html",
        gather=cluster_strategy,
    )
    section(
        CLUSTER_PROFILE,
        code="dissemination",
        title=_("Dissemination"),
        position=60,
        template="reports/pdf/cluster_dissemination.html",
        gather=cluster_dissemination,
    )
    section(
        CLUSTER_PROFILE,
        code="kpis",
        title=_("Indicators"),
        position=70,
        template="reports/pdf/cluster_kpis.html",
        gather=cluster_kpis,
    )


# --- Consortium KPI progress ---------------------------------------------------------


def _rows(context) -> list:
    if "kpi_rows" not in context:
        context["kpi_rows"] = kpi_selectors.indicator_rows(view=context["view"])
    return context["kpi_rows"]


def evidence_count(view, indicator) -> int | None:
    """How many rows stand behind the figure (None: no drill-down registered)."""
    result = kpi_selectors.evidence(view=view, indicator=indicator)
    return None if result is None else len(result[1])


def kpi_indicators(context) -> dict:
    view = context["view"]
    rows = _rows(context)
    for row in rows:
        row.chart = print_sparkline(row, title=str(row.indicator.label))
        row.evidence_count = evidence_count(view, row.indicator) if row.measured else None
    counts = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = [
        (kpi_selectors.STATUS_LABELS[s], counts[s])
        for s in kpi_selectors.STATUS_LABELS
        if s in counts
    ]
    return {"rows": rows, "summary": summary}


def kpi_contributions(context) -> dict | None:
    table = kpi_selectors.contribution_table(view=context["view"], rows=_rows(context))
    if not table["columns"]:
        return None
    # One row per indicator, one column per cluster: seven clusters fit the page's width.
    by_indicator = [
        {"column": column, "values": [cells[index][1] for _, cells in table["rows"]]}
        for index, column in enumerate(table["columns"])
    ]
    return {"clusters": [cluster for cluster, _ in table["rows"]], "by_indicator": by_indicator}


# --- Cluster profile ------------------------------------------------------------------


def cluster_profile(context) -> dict:
    cluster = clusters_selectors.cluster_get(user=context["user"], slug=context["cluster"].slug)
    return {
        "profile": cluster,
        "label": clusters_selectors.current_label(cluster),
        "labels": list(LabelAward.objects.filter(cluster=cluster).order_by("-awarded_on")),
        "sectors": [sector.name for sector in cluster.sectors.all()],
    }


def cluster_members(context) -> dict:
    members = clusters_selectors.member_list(user=context["user"]).filter(
        cluster=context["cluster"]
    )
    by_type = dict(
        members.filter(active_members_q())
        .order_by()
        .values("member_type")
        .annotate(count=Count("pk"))
        .values_list("member_type", "count")
    )
    rows = [(label, by_type.get(value, 0)) for value, label in MemberType.choices]
    return {"by_type": rows, "active": sum(by_type.values()), "all": members.count()}


def cluster_services(context) -> dict:
    from services import selectors as services_selectors

    services = list(
        services_selectors.service_list(user=context["user"]).filter(cluster=context["cluster"])
    )
    return {
        "services": services,
        "deliveries": sum(service.delivery_count for service in services),
        "recent": services_selectors.delivery_list(user=context["user"])
        .filter(service__cluster=context["cluster"])
        .select_related("service", "member")[:15],
    }


def cluster_trainings(context) -> dict:
    """Activities the cluster organised or hosted, and those its managers took part in."""
    from clusters.models import RoleAssignment
    from trainings import selectors as trainings_selectors
    from trainings.models import Participation

    cluster = context["cluster"]
    visible = trainings_selectors.activity_list(user=context["user"])
    people = RoleAssignment.objects.filter(cluster=cluster, role="manager").values("user")
    own = (
        Participation.objects.filter(activity__in=visible.values("pk"), user__in=people)
        .values("activity")
        .annotate(
            registered=Count("pk", distinct=True),
            attended=Count("pk", filter=Q(attendances__isnull=False), distinct=True),
        )
        .order_by()
    )
    own = {row["activity"]: row for row in own}
    activities = list(
        visible.filter(Q(organising_cluster=cluster) | Q(host_cluster=cluster) | Q(pk__in=own))
    )
    for activity in activities:
        mine = own.get(activity.pk, {})
        activity.own_registered = mine.get("registered", 0)
        activity.own_attended = mine.get("attended", 0)
    return {
        "activities": activities,
        "organised": sum(1 for a in activities if a.organising_cluster_id == cluster.pk),
        "attended": sum(1 for a in activities if a.own_attended),
    }


def cluster_strategy(context) -> dict:
    from strategy import selectors as strategy_selectors

    strategies = strategy_selectors.with_current(
        strategy_selectors.strategy_list(user=context["user"]).filter(cluster=context["cluster"])
    )
    return {"strategies": strategies}


def cluster_dissemination(context) -> dict:
    from dissemination import selectors as dissemination_selectors

    user, cluster = context["user"], context["cluster"]
    activities = list(dissemination_selectors.activity_list(user=user).filter(clusters=cluster))
    dialogues = list(dissemination_selectors.dialogue_list(user=user).filter(cluster=cluster))
    return {
        "activities": activities,
        "audience": sum(a.audience_size or 0 for a in activities),
        "dialogues": dialogues,
    }


def cluster_kpis(context) -> dict:
    view = context["view"]
    rows = [row for row in kpi_selectors.indicator_rows(view=view) if row.snapshot is not None]
    for row in rows:
        row.evidence_count = evidence_count(view, row.indicator)
    return {"rows": rows}
