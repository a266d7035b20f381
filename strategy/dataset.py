"""The strategy app's part of the benchmark dataset: the RIS3 priorities of each country's
regions, ``size.strategies_per_cluster`` strategies per cluster kept as versions (about
70% with an adopted version, some of them with an earlier superseded one or a newer
draft; the others a draft or in consultation), and three or four goals per version with
tags (drawn from a shared list, so the matching finds common ground) and RIS3 priorities.
"""

from __future__ import annotations

import datetime as dt

from clusters.dataset import ANCHOR_TIME, SECTORS
from tracekei.bench.dataset import Builder

from .models import Goal, Ris3Priority, Strategy, StrategyVersion, VersionStatus, normalise_tags

THEMES = [
    "internationalisation",
    "digitalisation",
    "energy efficiency",
    "circular economy",
    "skills",
    "access to finance",
    "cross-sector innovation",
    "green transition",
    "value chains",
    "smart specialisation",
]
CONTENT = {
    "vision": "A leading cluster of its region by 2030 (generated).",
    "mission": "Help the members innovate, grow and export.",
    "goals_text": "See the goals below.",
    "services_text": "Matchmaking, training, internationalisation support.",
    "financial_text": "Membership fees, service fees and public projects.",
    "indicators_text": "Members, services delivered, SMEs supported.",
    "swot_strengths": "Committed members.",
    "swot_weaknesses": "Small team.",
    "swot_opportunities": "New funding programmes.",
    "swot_threats": "Rising costs.",
    "roadmap": "Year 1: services; year 2: international partners.",
}
VERSION_FIELDS = [
    "strategy_id",
    "number",
    "status",
    *CONTENT,
    "adopted_on",
    "adopted_by_body",
    "created_by_id",
    "created_at",
    "updated_at",
]


def build(builder: Builder) -> None:
    rng = builder.random
    size = builder.size
    clusters = builder.facts["clusters"]
    managers = builder.facts["managers"]
    project_id = builder.facts["project_id"]
    if not clusters:
        return

    # RIS3: three priority domains per country's region, drawn from the sectors.
    countries = sorted({cluster.country for cluster in clusters})
    priority_rows = []
    for code in countries:
        for slug, name in rng.sample(SECTORS, k=3):
            priority_rows.append((project_id, f"Region of {code}", name, f"RIS3 domain ({slug})."))
    priority_ids = builder.copy_rows(
        Ris3Priority, ["project_id", "region", "domain", "description"], priority_rows
    )
    priorities: dict[str, list[int]] = {}
    for pk, row in zip(priority_ids, priority_rows, strict=True):
        priorities.setdefault(row[1], []).append(pk)

    strategy_rows, strategy_clusters = [], []
    for cluster in clusters:
        for n in range(size.strategies_per_cluster):
            start = 2024 + 4 * n
            strategy_rows.append(
                (
                    cluster.id,
                    f"Strategy {start}-{start + 6} of {cluster.slug}",
                    start,
                    start + 6,
                    ANCHOR_TIME,
                )
            )
            strategy_clusters.append(cluster)
    strategy_ids = builder.copy_rows(
        Strategy, ["cluster_id", "title", "start_year", "end_year", "created_at"], strategy_rows
    )

    version_rows, version_cluster = [], []
    for pk, cluster in zip(strategy_ids, strategy_clusters, strict=True):
        draw = rng.random()
        if draw < 0.5:
            statuses = [VersionStatus.ADOPTED]
        elif draw < 0.6:
            statuses = [VersionStatus.ADOPTED, VersionStatus.DRAFT]
        elif draw < 0.7:
            statuses = [VersionStatus.SUPERSEDED, VersionStatus.ADOPTED]
        elif draw < 0.85:
            statuses = [VersionStatus.DRAFT]
        else:
            statuses = [VersionStatus.CONSULTATION]
        adopted_day = dt.date(2024, 3, 1) + dt.timedelta(days=rng.randint(0, 200))
        for number, status in enumerate(statuses, start=1):
            frozen = status in (VersionStatus.ADOPTED, VersionStatus.SUPERSEDED)
            version_rows.append(
                (
                    pk,
                    number,
                    status.value,
                    *CONTENT.values(),
                    adopted_day + dt.timedelta(days=300 * (number - 1)) if frozen else None,
                    "General assembly" if frozen else "",
                    managers[cluster.id],
                    ANCHOR_TIME,
                    ANCHOR_TIME,
                )
            )
            version_cluster.append(cluster)
    version_ids = builder.copy_rows(StrategyVersion, VERSION_FIELDS, version_rows)

    goal_rows, goal_regions = [], []
    for pk, cluster in zip(version_ids, version_cluster, strict=True):
        for n in range(rng.randint(3, 4)):
            tags = normalise_tags(", ".join(rng.sample(THEMES, k=rng.randint(1, 3))))
            goal_rows.append(
                (
                    pk,
                    f"Goal {n + 1}: {tags.split(',')[0]} for the members",
                    f"{rng.randint(5, 40)} members involved",
                    rng.choice([2026, 2027, 2028, 2030]),
                    tags,
                )
            )
            goal_regions.append(f"Region of {cluster.country}")
    goal_ids = builder.copy_rows(
        Goal, ["version_id", "objective", "measurable_target", "horizon_year", "tags"], goal_rows
    )
    builder.copy_rows(
        Goal.ris3_priorities.through,
        ["goal_id", "ris3priority_id"],
        [
            (pk, priority)
            for pk, region in zip(goal_ids, goal_regions, strict=True)
            for priority in rng.sample(priorities[region], k=rng.randint(0, 2))
        ],
        returning_ids=False,
    )
    builder.facts["strategies"] = dict(
        zip([c.id for c in strategy_clusters], strategy_ids, strict=False)
    )
