"""Reads of the dissemination app, every one starting from tracekei.access (the
public site's reads at the end start from ``public()``: flagged and approved only)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from clusters.models import Cluster
from tracekei import access

from . import matching
from .models import (
    EVENT_TYPES,
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
    overdue_q,
)


def _scoped_by_clusters(model, user, *, write=False) -> QuerySet:
    """Rows shared by several clusters (a many-to-many ``clusters``): visible when one of
    them is; a subquery keeps each row once."""
    visible = access.scope(model.objects.all(), user, cluster_field="clusters", write=write)
    return model.objects.filter(pk__in=visible.values("pk"))


def activity_list(*, user) -> QuerySet[DisseminationActivity]:
    return (
        _scoped_by_clusters(DisseminationActivity, user)
        .prefetch_related(
            Prefetch("clusters", queryset=Cluster.objects.order_by("acronym")),
            "countries_reached",
        )
        .order_by("-date", "-pk")
    )


def activity_get(*, user, pk: int) -> DisseminationActivity:
    try:
        return activity_list(user=user).get(pk=pk)
    except DisseminationActivity.DoesNotExist as error:
        raise Http404 from error


def dialogue_list(*, user) -> QuerySet[PolicyDialogue]:
    return (
        access.scope(PolicyDialogue.objects.all(), user)
        .select_related("cluster")
        .prefetch_related("follow_ups")
        .annotate(
            overdue_count=Count("follow_ups", filter=overdue_q("follow_ups__")),
        )
        .order_by("-date", "-pk")
    )


def dialogue_get(*, user, pk: int) -> PolicyDialogue:
    return access.get_visible_or_404(dialogue_list(user=user), user, pk=pk)


def overdue_follow_ups(*, user) -> QuerySet[FollowUp]:
    return (
        access.scope(FollowUp.objects.all(), user, cluster_field="dialogue__cluster")
        .filter(overdue_q())
        .select_related("dialogue__cluster")
        .order_by("due_on", "pk")
    )


def marketplace_clusters(user) -> QuerySet[Cluster]:
    """Offers and needs are a market place: every cluster of the user's projects sees them
    (only their own cluster's manager changes them)."""
    projects = access.visible_clusters(user).values("project")
    return Cluster.objects.filter(project__in=projects)


def post_list(*, user, direction: str | None = None) -> QuerySet[CollaborationPost]:
    posts = (
        CollaborationPost.objects.filter(cluster__in=marketplace_clusters(user))
        .select_related("cluster", "member", "sector")
        .order_by("-created_at", "-pk")
    )
    return posts.filter(direction=direction) if direction else posts


def post_get(*, user, pk: int) -> CollaborationPost:
    try:
        return post_list(user=user).get(pk=pk)
    except CollaborationPost.DoesNotExist as error:
        raise Http404 from error


def suggested_matches(*, user, limit: int = 50) -> list[dict]:
    """Open offers and needs matched across clusters; only pairs where one side is a
    cluster the user may see (the coordinator: every pair of the project). The posts are
    read as plain values for matching; only the suggested ones are loaded as objects."""
    rows = list(
        post_list(user=user)
        .filter(is_open=True)
        .values_list(
            "pk",
            "cluster_id",
            "cluster__country",
            "direction",
            "kind",
            "title",
            "topic",
            "sector_id",
        )
    )
    cluster_sectors: dict[int, set[int]] = defaultdict(set)
    for cluster_pk, sector_pk in Cluster.sectors.through.objects.filter(
        cluster_id__in={row[1] for row in rows}
    ).values_list("cluster_id", "sector_id"):
        cluster_sectors[cluster_pk].add(sector_pk)
    candidates = [
        matching.Post(
            id=pk,
            cluster_id=cluster_pk,
            country=str(country),
            direction=direction,
            kind=kind,
            topic=f"{title} {topic}",
            sector_id=sector_pk,
            cluster_sectors=frozenset(cluster_sectors.get(cluster_pk, ())),
        )
        for pk, cluster_pk, country, direction, kind, title, topic, sector_pk in rows
    ]
    mine = set(access.visible_clusters(user).values_list("pk", flat=True))
    offers = [p for p in candidates if p.direction == "offer"]
    needs = [p for p in candidates if p.direction == "need"]
    # Only pairs with a side the user may see: a manager's own posts against everyone's,
    # not every offer against every need of a thousand clusters.
    own_offers = [p for p in offers if p.cluster_id in mine]
    own_needs = [p for p in needs if p.cluster_id in mine]
    other_offers = [p for p in offers if p.cluster_id not in mine]
    # The best ``limit`` of each half are the best of both (the halves share no pair).
    matches = matching.top_matches(own_offers, needs, limit=limit) + matching.top_matches(
        other_offers, own_needs, limit=limit
    )
    matches.sort(key=matching.rank_key)
    matches = matches[:limit]
    shown = {post.id for match in matches for post in (match.offer, match.need)}
    by_id = post_list(user=user).in_bulk(shown)
    already = set(
        Collaboration.objects.filter(post__in=shown).values_list("post_id", "interested_cluster_id")
    )
    return [
        {
            "match": match,
            "offer": by_id[match.offer.id],
            "need": by_id[match.need.id],
            "offer_interest": (match.offer.id, match.need.cluster_id) in already,
            "need_interest": (match.need.id, match.offer.cluster_id) in already,
        }
        for match in matches
    ]


def collaboration_list(*, user) -> QuerySet[Collaboration]:
    visible = access.visible_clusters(user).values("pk")
    return (
        Collaboration.objects.filter(
            Q(owner_cluster__in=visible) | Q(interested_cluster__in=visible)
        )
        .select_related("post__cluster", "owner_cluster", "interested_cluster", "interested_post")
        .order_by("-expressed_at", "-pk")
    )


def collaboration_get(*, user, pk: int) -> Collaboration:
    try:
        return collaboration_list(user=user).get(pk=pk)
    except Collaboration.DoesNotExist as error:
        raise Http404 from error


def story_list(*, user) -> QuerySet[SuccessStory]:
    return (
        access.scope(SuccessStory.objects.all(), user)
        .select_related("cluster")
        .prefetch_related("other_clusters")
        .order_by("-created_at", "-pk")
    )


def story_get(*, user, pk: int) -> SuccessStory:
    return access.get_visible_or_404(story_list(user=user).prefetch_related("members"), user, pk=pk)


# --- The public site: no user, only what is flagged public and approved ------------------


def public_activities(*, events: bool | None = None) -> QuerySet[DisseminationActivity]:
    activities = (
        DisseminationActivity.objects.public()
        .prefetch_related(Prefetch("clusters", queryset=Cluster.objects.order_by("acronym")))
        .order_by("-date", "-pk")
    )
    if events is True:
        return activities.filter(activity_type__in=EVENT_TYPES)
    if events is False:
        return activities.exclude(activity_type__in=EVENT_TYPES)
    return activities


def public_stories() -> QuerySet[SuccessStory]:
    return (
        SuccessStory.objects.public()
        .select_related("cluster")
        .prefetch_related("other_clusters")
        .order_by("-approved_at", "-pk")
    )


def consortium():
    """The clusters of the project(s) for the public home, the coordinator first."""
    return (
        Cluster.objects.select_related("project")
        .prefetch_related("sectors")
        .annotate(
            is_lead=Exists(
                Cluster.objects.filter(
                    pk=OuterRef("pk"), project__coordinator_cluster=OuterRef("pk")
                )
            )
        )
        .order_by("-is_lead", "acronym")
    )
