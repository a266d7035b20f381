"""Reads of the clusters app, every one scoped through tracekei.access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tracekei import access

from .models import (
    TRIPLE_HELIX,
    Cluster,
    LabelAward,
    Member,
    RoleAssignment,
    active_members_q,
)


def _labels_prefetch() -> Prefetch:
    return Prefetch("labels", queryset=LabelAward.objects.order_by("-awarded_on"))


def cluster_list(*, user) -> QuerySet[Cluster]:
    """Clusters the user may see, with what the list shows, in a fixed number of queries."""
    return (
        access.visible_clusters(user)
        .select_related("project")
        .prefetch_related("sectors", _labels_prefetch())
        # A subquery per cluster, not a join grouped over every member: with ORDER BY and
        # LIMIT (a page) PostgreSQL counts only the clusters it returns.
        .annotate(
            member_count=Coalesce(
                Subquery(
                    Member.objects.filter(active_members_q(), cluster=OuterRef("pk"))
                    .order_by()
                    .values("cluster")
                    .annotate(count=Count("pk"))
                    .values("count")
                ),
                0,
            )
        )
        .order_by("acronym")
    )


def with_labels(clusters):
    """Set ``current_label`` and ``latest_label`` on clusters from ``cluster_list``."""
    clusters = list(clusters)
    for cluster in clusters:
        cluster.current_label = current_label(cluster)
        cluster.latest_label = next(iter(cluster.labels.all()), None)
    return clusters


def cluster_get(*, user, slug: str) -> Cluster:
    return access.get_visible_or_404(cluster_list(user=user), user, cluster_field="pk", slug=slug)


def current_label(cluster: Cluster, *, day: dt.date | None = None) -> LabelAward | None:
    """The label in force today: the most recent award that is still valid.

    Reads the prefetched ``labels`` when the cluster came from ``cluster_list``.
    """
    day = day or timezone.localdate()
    valid = [label for label in cluster.labels.all() if label.is_valid_on(day)]
    return max(valid, key=lambda label: label.awarded_on, default=None)


def labels_expiring(*, user, day: dt.date | None = None) -> list[LabelAward]:
    """Labels in force that expire within the warning window, for the coordinator's home."""
    day = day or timezone.localdate()
    horizon = day + dt.timedelta(days=settings.LABEL_EXPIRY_WARNING_DAYS)
    return list(
        access.scope(LabelAward.objects.select_related("cluster"), user)
        .filter(awarded_on__lte=day, valid_until__gte=day, valid_until__lte=horizon)
        .order_by("valid_until")
    )


HELIX_NAMES = {
    "industry": gettext_lazy("industry"),
    "research": gettext_lazy("research"),
    "government": gettext_lazy("government"),
}


@dataclass(frozen=True)
class Criterion:
    name: str
    met: bool
    detail: str


def platform_criteria(cluster: Cluster) -> list[Criterion]:
    """The EU cluster platform's profile criteria, each met or not met."""
    active = cluster.members.filter(active_members_q())
    member_count = active.count()
    helix = {TRIPLE_HELIX.get(t) for t in active.values_list("member_type", flat=True)}
    helix.discard(None)
    return [
        Criterion(
            _("At least 0.5 full-time staff on cluster management"),
            cluster.management_staff_fte >= Decimal("0.5"),
            _("%s FTE") % formats.localize(cluster.management_staff_fte),
        ),
        Criterion(
            _("At least 15 committed members"),
            member_count >= 15,
            ngettext("%d member", "%d members", member_count) % member_count,
        ),
        Criterion(
            _("At least two member types of the triple helix"),
            len(helix) >= 2,
            ", ".join(str(HELIX_NAMES[strand]) for strand in sorted(helix)) or _("none"),
        ),
        Criterion(
            _("A website in English"),
            bool(cluster.website) and cluster.website_in_english,
            cluster.website or _("no website"),
        ),
    ]


def cluster_managers(cluster: Cluster) -> QuerySet[RoleAssignment]:
    return cluster.role_assignments.select_related("user").order_by("role", "user__email")


def member_list(*, user) -> QuerySet[Member]:
    """Members the user may see, with their cluster and sectors (filters: clusters.filters)."""
    return (
        access.scope(Member.objects.all(), user)
        .select_related("cluster")
        .prefetch_related("sectors")
        .order_by("name", "pk")
    )


def member_get(*, user, pk: int) -> Member:
    return access.get_visible_or_404(
        Member.objects.select_related("cluster").prefetch_related("sectors"), user, pk=pk
    )


def distinct_organisations(members: QuerySet[Member]) -> int:
    """How many different organisations these member rows are (one company, many clusters)."""
    return members.values("organisation_key").distinct().count()
