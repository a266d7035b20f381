"""The dissemination app's PDF report (tracekei.reports.catalogue): activities by type
and by country (the countries outside the consortium, as the indicator counts them),
policy dialogues, collaborations and success stories, per cluster or for the
consortium; and its part of the final report. Reads go through dissemination.selectors."""

from __future__ import annotations

from collections import Counter

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from tracekei.reports.pdf import scope_clusters

from . import selectors
from .models import FORMED_STATUSES, ActivityType, CollaborationStatus

DISSEMINATION_REPORT = "dissemination"
PART = _("Dissemination and cooperation")


def register(catalogue) -> None:
    catalogue.report(
        DISSEMINATION_REPORT,
        title=_("Dissemination report"),
        per_cluster=True,
        cluster_optional=True,
    )
    sections = (
        ("activities", _("Dissemination activities by type"), activities_by_type),
        ("countries", _("Countries reached"), countries),
        ("dialogues", _("Policy dialogues"), dialogues),
        ("collaborations", _("Collaborations between clusters"), collaborations),
        ("stories", _("Success stories"), stories),
    )
    catalogue.app_report(
        DISSEMINATION_REPORT, app="dissemination", sections=sections, final_position=400, part=PART
    )


def _activities(context) -> list:
    if "dissemination_activities" not in context:
        clusters = scope_clusters(context)
        context["dissemination_activities"] = list(
            selectors.activity_list(user=context["user"]).filter(
                context["period"].q("date"),
                pk__in=selectors.activity_list(user=context["user"])
                .filter(clusters__in=clusters)
                .values("pk"),
            )
        )
    return context["dissemination_activities"]


def activities_by_type(context) -> dict:
    rows = _activities(context)
    count = Counter(a.activity_type for a in rows)
    audience = Counter()
    for activity in rows:
        audience[activity.activity_type] += activity.audience_size or 0
    by_type = [
        (label, count[value], audience[value])
        for value, label in ActivityType.choices
        if count[value]
    ]
    return {
        "by_type": by_type,
        "total": len(rows),
        "audience": sum(audience.values()),
        "latest": rows[:25],
        "consortium": context.get("cluster") is None,
    }


def countries(context) -> dict:
    """Each country reached: how many activities, and whether it lies outside the
    consortium (no cluster of the project there): what the indicator counts."""
    consortium = set(
        Cluster.objects.filter(project=context["project"]).values_list("country", flat=True)
    )
    reached: Counter = Counter()
    names = {}
    for activity in _activities(context):
        for row in activity.countries_reached.all():
            reached[row.country.code] += 1
            names[row.country.code] = row.country.name
    rows = [
        {"code": code, "name": names[code], "activities": n, "outside": code not in consortium}
        for code, n in sorted(reached.items(), key=lambda item: str(names[item[0]]))
    ]
    return {
        "rows": rows,
        "outside": sum(1 for row in rows if row["outside"]),
        "reached": len(rows),
    }


def dialogues(context) -> dict:
    rows = list(
        selectors.dialogue_list(user=context["user"]).filter(
            context["period"].q("date"), cluster__in=scope_clusters(context)
        )
    )
    for row in rows:
        follow_ups = list(row.follow_ups.all())
        row.follow_up_total = len(follow_ups)
        row.follow_up_done = sum(1 for f in follow_ups if f.done_on)
    return {"rows": rows, "consortium": context.get("cluster") is None}


def collaborations(context) -> dict:
    clusters = scope_clusters(context)
    period = context["period"]
    rows = list(
        selectors.collaboration_list(user=context["user"]).filter(
            Q(owner_cluster__in=clusters) | Q(interested_cluster__in=clusters),
            owner_cluster__project=context["project"],
            status__in=FORMED_STATUSES,
            accepted_on__range=(period.start, period.end),
        )
    )
    by_status = Counter(row.status for row in rows)
    return {
        "rows": rows,
        "by_status": [
            (label, by_status[value])
            for value, label in CollaborationStatus.choices
            if value in FORMED_STATUSES
        ],
    }


def stories(context) -> dict:
    """The success stories of the clusters (a story has no date of its own: all)."""
    clusters = scope_clusters(context)
    rows = list(
        selectors.story_list(user=context["user"])
        .filter(Q(cluster__in=clusters) | Q(other_clusters__in=clusters))
        .distinct()
    )
    return {"rows": rows}
