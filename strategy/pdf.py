"""The strategy app's PDF documents (tracekei.reports.catalogue): a cluster's strategy
(the version in force by default, or the version asked for: option ``version``, a
StrategyVersion pk) and the consortium's joint strategy; and the strategy part of the
final report. Every read goes through strategy.selectors."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from tracekei import access
from tracekei.reports.pdf import FINAL_REPORT

from . import selectors
from .models import (
    SHARED_HEADINGS,
    JointStrategy,
    StrategyVersion,
    VersionStatus,
)

CLUSTER_STRATEGY = "cluster-strategy"
JOINT_STRATEGY = "joint-strategy"
PART = _("Strategies")


def register(catalogue) -> None:
    catalogue.report(
        CLUSTER_STRATEGY,
        title=_("Cluster strategy"),
        per_cluster=True,
        options=("version",),
    )
    catalogue.report(JOINT_STRATEGY, title=_("Joint strategy of the consortium"), per_cluster=False)
    cluster_sections = (
        ("about", _("About this strategy"), about, "about"),
        ("vision", _("Vision and mission"), heading("vision", "mission"), "text"),
        ("goals", _("Goals"), heading("goals_text", table="goals"), "text"),
        ("services", _("Services"), heading("services_text", table="services"), "text"),
        (
            "financial",
            _("Financial sustainability"),
            heading("financial_text", table="revenue"),
            "text",
        ),
        ("indicators", _("Indicators: actual against target"), indicators, "indicators"),
        ("swot", _("SWOT analysis"), swot, "swot"),
        ("roadmap", _("Action roadmap"), heading("roadmap"), "text"),
        ("ris3", _("RIS3 alignment"), cluster_ris3, "ris3"),
    )
    for index, (code, title, gather, template) in enumerate(cluster_sections):
        catalogue.section(
            CLUSTER_STRATEGY,
            code=code,
            title=title,
            template=f"strategy/pdf/{template}.html",
            gather=gather,
            position=10 * (index + 1),
        )
    joint_sections = (
        ("joint-text", _("The joint strategy"), joint_text, "joint_text"),
        ("joint-goals", _("Joint goals and the clusters sharing them"), joint_goals, "joint_goals"),
        ("joint-clusters", _("The clusters' strategies in force"), joint_clusters, "clusters"),
        ("joint-ris3", _("RIS3 priorities served by the clusters"), joint_ris3, "joint_ris3"),
    )
    for index, (code, title, gather, template) in enumerate(joint_sections):
        for report, base, part in ((JOINT_STRATEGY, 10, None), (FINAL_REPORT, 300, PART)):
            catalogue.section(
                report,
                code=code if report == JOINT_STRATEGY else f"strategy-{code}",
                title=title,
                template=f"strategy/pdf/{template}.html",
                gather=gather,
                position=base + 10 * index,
                part=part,
            )


# --- A cluster's strategy -------------------------------------------------------------


def chosen_version(context) -> StrategyVersion:
    """The version asked for (one of the cluster's, visible to the requester), or the
    version in force of the cluster's newest strategy, or else its latest version."""
    if "strategy_version" in context:
        return context["strategy_version"]
    versions = access.scope(
        StrategyVersion.objects.filter(strategy__cluster=context["cluster"]),
        context["user"],
        cluster_field="strategy__cluster",
    ).select_related("strategy__cluster")
    wanted = context["options"].get("version")
    if wanted:
        version = versions.filter(pk=wanted).first()
    else:
        version = (
            versions.order_by("-strategy__start_year", "-number")
            .filter(status=VersionStatus.ADOPTED)
            .first()
            or versions.order_by("-strategy__start_year", "-number").first()
        )
    if version is None:
        raise Http404("No strategy version to print.")
    version = selectors.version_get(
        user=context["user"], strategy_pk=version.strategy_id, number=version.number
    )
    context["strategy_version"] = version
    return version


def about(context) -> dict:
    version = chosen_version(context)
    return {"version": version, "strategy": version.strategy}


def heading(*names, table=None):
    def gather(context) -> dict:
        version = chosen_version(context)
        texts = [(label, getattr(version, name)) for name, label in _labels(names)]
        data = {"texts": texts, "table": table, "version": version}
        if table == "goals":
            data["rows"] = list(version.goals.all())
        elif table == "services":
            data["rows"] = list(version.planned_services.all())
        elif table == "revenue":
            data["rows"] = list(version.revenue_lines.all())
        return data

    return gather


def _labels(names):
    from .models import HEADINGS

    labels = dict(HEADINGS)
    return [(name, labels[name]) for name in names]


def indicators(context) -> dict:
    """The strategy's own indicators: baseline, the latest actual value, the target."""
    version = chosen_version(context)
    rows = selectors.indicators_of(version.strategy)
    for row in rows:
        values = list(row.values.all())
        row.latest = values[-1] if values else None
    return {"text": version.indicators_text, "rows": rows}


def swot(context) -> dict:
    version = chosen_version(context)
    names = ("swot_strengths", "swot_weaknesses", "swot_opportunities", "swot_threats")
    return {"boxes": [(label, getattr(version, name)) for name, label in _labels(names)]}


def cluster_ris3(context) -> dict:
    """The region's RIS3 priorities and the goals of this version that serve each."""
    version = chosen_version(context)
    priorities = list(selectors.ris3_for_cluster(version.strategy.cluster))
    rows = selectors.ris3_alignment([version], priorities)
    return {
        "rows": [
            (row["priority"], row["clusters"].get(version.strategy.cluster.acronym, []))
            for row in rows
        ]
    }


# --- The joint strategy -----------------------------------------------------------------


def _joint(context) -> JointStrategy | None:
    if "joint_strategy" not in context:
        context["joint_strategy"] = (
            JointStrategy.objects.filter(project=context["project"])
            .prefetch_related(
                Prefetch("goals__clusters", queryset=access.visible_clusters(context["user"]))
            )
            .first()
        )
    return context["joint_strategy"]


def joint_text(context) -> dict | None:
    joint = _joint(context)
    if joint is None:
        return None
    texts = [(label, getattr(joint, name)) for name, label in SHARED_HEADINGS]
    return {"joint": joint, "texts": texts}


def joint_goals(context) -> dict | None:
    joint = _joint(context)
    if joint is None:
        return None
    return {"goals": list(joint.goals.all())}


def _adopted(context) -> list[StrategyVersion]:
    if "adopted_versions" not in context:
        context["adopted_versions"] = selectors.adopted_versions(
            user=context["user"], project=context["project"]
        )
    return context["adopted_versions"]


def joint_clusters(context) -> dict:
    """Each visible cluster and its strategy in force (or the lack of one)."""
    from tracekei.reports.pdf import scope_clusters

    adopted = {v.strategy.cluster_id: v for v in _adopted(context)}
    return {"rows": [(cluster, adopted.get(cluster.pk)) for cluster in scope_clusters(context)]}


def joint_ris3(context) -> dict | None:
    priorities = list(selectors.ris3_list(project=context["project"]))
    if not priorities:
        return None
    return {"rows": selectors.ris3_alignment(_adopted(context), priorities)}
