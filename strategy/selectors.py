"""Reads of the strategy app, every one scoped through tracekei.access."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from clusters.models import Project
from services.models import Service
from tracekei import access

from . import matching
from .models import (
    HEADINGS,
    SHARED_HEADINGS,
    Feedback,
    Goal,
    Handling,
    Indicator,
    IndicatorValue,
    PlannedService,
    Ris3Priority,
    Strategy,
    StrategyVersion,
    VersionStatus,
)


def _latest_versions() -> Prefetch:
    return Prefetch("versions", queryset=StrategyVersion.objects.order_by("-number"))


def strategy_list(*, user) -> QuerySet[Strategy]:
    """Strategies of the clusters the user may see, with their versions, in two queries."""
    return (
        access.scope(Strategy.objects.all(), user)
        .select_related("cluster")
        .prefetch_related(_latest_versions())
        .order_by("cluster__acronym", "-start_year", "pk")
    )


def strategy_get(*, user, pk: int) -> Strategy:
    return access.get_visible_or_404(strategy_list(user=user), user, pk=pk)


def with_current(strategies) -> list[Strategy]:
    """Set ``latest`` (the newest version) and ``in_force`` (the adopted one, if any) on
    strategies from ``strategy_list`` without further queries."""
    strategies = list(strategies)
    for strategy in strategies:
        versions = list(strategy.versions.all())
        strategy.latest = versions[0] if versions else None
        strategy.in_force = next((v for v in versions if v.status == VersionStatus.ADOPTED), None)
    return strategies


def version_get(*, user, strategy_pk: int, number: int) -> StrategyVersion:
    queryset = StrategyVersion.objects.select_related("strategy__cluster").prefetch_related(
        Prefetch("goals", queryset=Goal.objects.prefetch_related("ris3_priorities")),
        Prefetch("planned_services", queryset=PlannedService.objects.select_related("service")),
        "revenue_lines",
    )
    return access.get_visible_or_404(
        queryset, user, cluster_field="strategy__cluster", strategy_id=strategy_pk, number=number
    )


def catalogue_services(cluster) -> QuerySet[Service]:
    """The cluster's services in the catalogue, which a planned service can point at."""
    return Service.objects.filter(cluster=cluster).select_related("category").order_by("name")


def link_goals_to_stages(goals, stages) -> None:
    """Set ``linked_goals`` on each value-chain stage and ``stages`` on each goal: a goal
    answers a stage when one of its themes is among the stage's goal themes."""
    goals, stages = list(goals), list(stages)
    for goal in goals:
        goal.stages = []
    for stage in stages:
        themes = set(stage.goal_themes.split(", ")) - {""}
        stage.linked_goals = [g for g in goals if themes & set(g.tag_list)]
        for goal in stage.linked_goals:
            goal.stages.append(stage)


def indicators_of(strategy: Strategy) -> list[Indicator]:
    return list(
        strategy.indicators.prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on"))
        )
    )


def heading_texts(version: StrategyVersion, indicators=None) -> dict[str, str]:
    """Each heading of a version as plain text, lists included, for display and comparison."""
    texts = {name: getattr(version, name) for name, _label in HEADINGS}
    goals = [
        f"- {g.objective} | {g.measurable_target} | {g.horizon_year}"
        + (f" | {g.tags}" if g.tags else "")
        for g in version.goals.all()
    ]
    services = [
        f"- {s.name} ({s.category}, {s.get_kind_display()})" for s in version.planned_services.all()
    ]
    revenue = [
        f"- {line.year} {line.source}: {line.amount}" for line in version.revenue_lines.all()
    ]
    for name, lines in (("goals_text", goals), ("services_text", services)):
        texts[name] = "\n".join(filter(None, [texts[name], *lines]))
    texts["financial_text"] = "\n".join(filter(None, [texts["financial_text"], *revenue]))
    if indicators is not None:
        listed = [
            f"- {i.name}: {i.baseline} -> {i.target} {i.unit} ({i.target_year})" for i in indicators
        ]
        texts["indicators_text"] = "\n".join(filter(None, [texts["indicators_text"], *listed]))
    return texts


@dataclass
class HeadingDiff:
    name: str
    label: str
    changed: bool
    lines: list[tuple[str, str]]  # (kind: "same" | "added" | "removed", text)


def compare_versions(old: StrategyVersion, new: StrategyVersion) -> list[HeadingDiff]:
    """Heading by heading, the lines removed from ``old`` and added in ``new``."""
    old_texts, new_texts = heading_texts(old), heading_texts(new)
    result = []
    for name, label in HEADINGS:
        lines = []
        for line in difflib.ndiff(old_texts[name].splitlines(), new_texts[name].splitlines()):
            code, text = line[:2], line[2:]
            if code == "  ":
                lines.append(("same", text))
            elif code == "- ":
                lines.append(("removed", text))
            elif code == "+ ":
                lines.append(("added", text))
        changed = any(kind != "same" for kind, _text in lines)
        result.append(HeadingDiff(name=name, label=str(label), changed=changed, lines=lines))
    return result


def feedback_by_heading(version: StrategyVersion) -> dict[str, list[Feedback]]:
    """Every consultation's feedback on this version, grouped by heading."""
    grouped: dict[str, list[Feedback]] = {}
    rows = Feedback.objects.filter(consultation__version=version).order_by("created_at", "pk")
    for row in rows:
        grouped.setdefault(row.heading, []).append(row)
    return grouped


def feedback_pending(version: StrategyVersion) -> int:
    return Feedback.objects.filter(consultation__version=version, handling=Handling.PENDING).count()


def ris3_list(*, project: Project) -> QuerySet[Ris3Priority]:
    return Ris3Priority.objects.filter(project=project).order_by("region", "domain")


def ris3_for_cluster(cluster) -> QuerySet[Ris3Priority]:
    """The priorities a cluster's goals map to: its own region's, or every region's when
    its region has none listed yet."""
    priorities = ris3_list(project=cluster.project)
    own = priorities.filter(region__iexact=cluster.region)
    return own if cluster.region and own.exists() else priorities


def visible_project(user) -> Project | None:
    """The project of the clusters the user sees (the consortium's RIS3 and joint pages)."""
    cluster = access.visible_clusters(user).select_related("project").order_by("pk").first()
    return cluster.project if cluster else None


def project_for_coordinator(user) -> Project:
    """The project a coordinator (or admin) works on; anyone else: 404."""
    project = visible_project(user)
    if project is None or not access.is_coordinator(user):
        from django.http import Http404

        raise Http404
    return project


def adopted_versions(*, user, project: Project) -> list[StrategyVersion]:
    """The version in force of each visible strategy of the project, with what matching
    and the alignment view read, in a fixed number of queries."""
    return list(
        access.scope(
            StrategyVersion.objects.filter(
                status=VersionStatus.ADOPTED, strategy__cluster__project=project
            ),
            user,
            cluster_field="strategy__cluster",
        )
        .select_related("strategy__cluster")
        .prefetch_related(
            "strategy__cluster__sectors",
            Prefetch("goals", queryset=Goal.objects.prefetch_related("ris3_priorities")),
            Prefetch(
                "planned_services",
                queryset=PlannedService.objects.select_related("service__category"),
            ),
        )
        .order_by("strategy__cluster__acronym", "pk")
    )


def matching_profiles(versions: list[StrategyVersion]) -> list[matching.StrategyInput]:
    return [
        matching.StrategyInput(
            cluster_id=v.strategy.cluster_id,
            cluster=v.strategy.cluster.acronym,
            sectors=tuple(s.slug for s in v.strategy.cluster.sectors.all()),
            goals=tuple(
                matching.GoalInput(
                    objective=g.objective,
                    tags=tuple(g.tag_list),
                    ris3=tuple((p.region, p.domain) for p in g.ris3_priorities.all()),
                )
                for g in v.goals.all()
            ),
            # a service of the catalogue counts in its catalogue category
            services=tuple(
                (s.name, s.service.category.name if s.service else s.category)
                for s in v.planned_services.all()
            ),
        )
        for v in versions
    ]


def ris3_alignment(versions: list[StrategyVersion], priorities) -> list[dict]:
    """For each RIS3 priority, the clusters whose strategy in force serves it (by goal)."""
    served: dict[int, dict[str, list[str]]] = {}
    for version in versions:
        for goal in version.goals.all():
            for priority in goal.ris3_priorities.all():
                served.setdefault(priority.pk, {}).setdefault(
                    version.strategy.cluster.acronym, []
                ).append(goal.objective)
    return [{"priority": p, "clusters": served.get(p.pk, {})} for p in priorities]


def shared_headings_filled(version: StrategyVersion) -> list[tuple[str, bool]]:
    from .services import missing_headings

    missing = set(missing_headings(version))
    return [(str(label), str(label) not in missing) for _name, label in SHARED_HEADINGS]


def strategy_or_404(queryset, **lookup):
    return get_object_or_404(queryset, **lookup)
