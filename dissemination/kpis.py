"""Indicators computed from the dissemination app: countries outside the consortium
reached, policy dialogues held, collaborations formed."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from .models import FORMED_STATUSES, ActivityCountry, Collaboration, PolicyDialogue


def _outside_countries(period: Period):
    """Country rows of the period's activities, the consortium's own countries left out.

    An activity counts for a project when one of its responsible clusters is in it."""
    consortium = period.clusters.values("country")
    return ActivityCountry.objects.filter(
        activity__clusters__project=period.project,
        activity__date__range=(period.start, period.end),
    ).exclude(country__in=consortium)


@indicator(
    "outside_countries",
    name=_("Countries outside the consortium reached"),
    unit=_("countries"),
    description=_(
        "Distinct countries reached by dissemination activities in the period that are not "
        "the country of a consortium cluster."
    ),
    distinct=True,
)
def outside_countries(period: Period) -> Figures:
    rows = _outside_countries(period)
    total = rows.aggregate(n=Count("country", distinct=True))["n"]
    by_cluster = dict(
        rows.values_list("activity__clusters")
        .annotate(n=Count("country", distinct=True))
        .order_by()
    )
    return Figures(
        total=Decimal(total), by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()}
    )


@outside_countries.evidence
def outside_countries_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    rows = _outside_countries(period)
    if cluster_id is not None:
        rows = rows.filter(activity__clusters=cluster_id)
    reached: dict[str, list] = {}
    for row in (
        rows.select_related("activity")
        .distinct()
        .order_by("country", "activity__date", "activity__pk")
    ):
        activities = reached.setdefault(row.country.code, [])
        if row.activity not in activities:
            activities.append(row.activity)
    from django_countries import countries

    return Evidence(
        columns=(_("Country"), _("Code"), _("Activities"), _("First reached")),
        rows=[
            (
                countries.name(code),
                code,
                "; ".join(f"{a.date:%Y-%m-%d} {a.title}" for a in activities),
                activities[0].date,
            )
            for code, activities in sorted(reached.items())
        ],
    )


def _dialogues(period: Period, cluster_id: int | None = None):
    dialogues = PolicyDialogue.objects.filter(
        cluster__project=period.project, date__range=(period.start, period.end)
    )
    return dialogues.filter(cluster_id=cluster_id) if cluster_id is not None else dialogues


@indicator(
    "policy_dialogues",
    name=_("Policy dialogues held"),
    unit=_("meetings"),
    description=_("Meetings and consultations with policy makers held within the period."),
)
def policy_dialogues(period: Period) -> Figures:
    by_cluster = dict(_dialogues(period).values_list("cluster").annotate(n=Count("pk")).order_by())
    return Figures(
        total=Decimal(sum(by_cluster.values())),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@policy_dialogues.evidence
def policy_dialogues_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    return Evidence(
        columns=(_("Cluster"), _("Date"), _("Authority"), _("Level"), _("Topics")),
        rows=[
            (d.cluster.acronym, d.date, d.authority, d.get_level_display(), d.topics)
            for d in _dialogues(period, cluster_id)
            .select_related("cluster")
            .order_by("cluster__acronym", "date", "pk")
        ],
    )


def _collaborations(period: Period):
    return Collaboration.objects.filter(
        owner_cluster__project=period.project,
        status__in=FORMED_STATUSES,
        accepted_on__range=(period.start, period.end),
    )


@indicator(
    "collaborations_formed",
    name=_("Collaborations formed"),
    unit=_("collaborations"),
    description=_(
        "Offers and needs matched across clusters and accepted within the period. "
        "Each counts once in the total and once for each of the two clusters."
    ),
)
def collaborations_formed(period: Period) -> Figures:
    collaborations = list(
        _collaborations(period).values_list("owner_cluster_id", "interested_cluster_id")
    )
    by_cluster: dict[int, Decimal] = {}
    for owner, interested in collaborations:
        for pk in (owner, interested):
            by_cluster[pk] = by_cluster.get(pk, Decimal(0)) + 1
    return Figures(total=Decimal(len(collaborations)), by_cluster=by_cluster)


@collaborations_formed.evidence
def collaborations_formed_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    from django.db.models import Q

    collaborations = _collaborations(period).select_related(
        "post", "owner_cluster", "interested_cluster"
    )
    if cluster_id is not None:
        collaborations = collaborations.filter(
            Q(owner_cluster_id=cluster_id) | Q(interested_cluster_id=cluster_id)
        )
    return Evidence(
        columns=(_("Post"), _("Posted by"), _("Partner"), _("Accepted on"), _("Status")),
        rows=[
            (
                c.post.title,
                c.owner_cluster.acronym,
                c.interested_cluster.acronym,
                c.accepted_on,
                c.get_status_display(),
            )
            for c in collaborations.order_by("accepted_on", "pk")
        ],
    )
