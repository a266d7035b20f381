"""Every write of the dissemination app. Each checks through tracekei.access that the
actor may change the clusters concerned, and keeps the invariants (full_clean first).

Approval for the public site is the coordinator's: a cluster's later edit of an
approved item withdraws the approval, so nothing unreviewed reaches the public."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from clusters.models import Cluster
from tracekei import access

from . import public_cache
from .models import (
    ActivityCountry,
    Collaboration,
    CollaborationPost,
    CollaborationStatus,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
)

ACTIVITY_FIELDS = (
    "activity_type",
    "date",
    "title",
    "summary",
    "link",
    "languages",
    "audience_size",
    "audience_types",
    "evidence",
    "is_public",
)
DIALOGUE_FIELDS = ("date", "authority", "level", "topics", "ris3_link", "outcome")
STORY_FIELDS = (
    "title",
    "challenge",
    "action",
    "result",
    "indicator",
    "quote",
    "quote_by",
    "picture",
    "picture_alt",
    "is_public",
)


def clean_country_codes(codes: Iterable[str]) -> list[str]:
    """Upper-case ISO codes, once each; an unknown code is a field error."""
    cleaned = []
    for code in codes:
        code = str(code).strip().upper()
        if code not in all_countries:
            raise ValidationError(
                {"countries": _("%(code)s is not a country code.") % {"code": code or "''"}}
            )
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def _require_change_all(actor, clusters: Iterable[Cluster]) -> None:
    for cluster in clusters:
        access.require_change(actor, cluster)


def _set_fields(instance, allowed: tuple[str, ...], fields: dict) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise ValueError(f"{name} cannot be changed here")
        setattr(instance, name, value)


def _coordinates_all(actor, clusters: Iterable[Cluster]) -> bool:
    return all(access.coordinates(actor, cluster) for cluster in clusters)


# --- Dissemination activities ----------------------------------------------------------


@transaction.atomic
def activity_create(
    *, actor, clusters: Iterable[Cluster], countries: Iterable[str] = (), is_demo=False, **fields
) -> DisseminationActivity:
    clusters = list(clusters)
    if not clusters:
        raise ValidationError({"clusters": _("Choose at least one cluster responsible.")})
    _require_change_all(actor, clusters)
    codes = clean_country_codes(countries)
    activity = DisseminationActivity(created_by=actor, is_demo=is_demo)
    _set_fields(activity, ACTIVITY_FIELDS, fields)
    activity.full_clean()
    activity.save()
    activity.clusters.set(clusters)
    ActivityCountry.objects.bulk_create(
        ActivityCountry(activity=activity, country=code) for code in codes
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity: DisseminationActivity, clusters=None, countries=None, **fields
) -> DisseminationActivity:
    _require_change_all(actor, activity.clusters.all())
    if clusters is not None:
        clusters = list(clusters)
        if not clusters:
            raise ValidationError({"clusters": _("Choose at least one cluster responsible.")})
        _require_change_all(actor, clusters)
    codes = clean_country_codes(countries) if countries is not None else None
    _set_fields(activity, ACTIVITY_FIELDS, fields)
    if activity.approved_at and not _coordinates_all(actor, clusters or activity.clusters.all()):
        activity.approved_at, activity.approved_by = None, None
    activity.full_clean()
    activity.save()
    transaction.on_commit(public_cache.clear)
    if clusters is not None:
        activity.clusters.set(clusters)
    if codes is not None:
        activity.countries_reached.exclude(country__in=codes).delete()
        known = set(activity.countries_reached.values_list("country", flat=True))
        ActivityCountry.objects.bulk_create(
            ActivityCountry(activity=activity, country=code) for code in codes if code not in known
        )
    return activity


@transaction.atomic
def activity_approve(*, actor, activity: DisseminationActivity, approved=True):
    """The coordinator lets a public activity onto the public site (or takes it off)."""
    if not _coordinates_all(actor, activity.clusters.all()):
        raise PermissionDenied
    if approved and not activity.is_public:
        raise ValidationError(_("Only an activity flagged public can be approved."))
    activity.approved_at = timezone.now() if approved else None
    activity.approved_by = actor if approved else None
    activity.save(update_fields=["approved_at", "approved_by"])
    transaction.on_commit(public_cache.clear)
    return activity


# --- Policy dialogue -------------------------------------------------------------------


@transaction.atomic
def dialogue_create(*, actor, cluster: Cluster, is_demo=False, **fields) -> PolicyDialogue:
    access.require_change(actor, cluster)
    dialogue = PolicyDialogue(cluster=cluster, created_by=actor, is_demo=is_demo)
    _set_fields(dialogue, DIALOGUE_FIELDS, fields)
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def dialogue_update(*, actor, dialogue: PolicyDialogue, **fields) -> PolicyDialogue:
    access.require_change(actor, dialogue.cluster)
    _set_fields(dialogue, DIALOGUE_FIELDS, fields)
    dialogue.full_clean()
    dialogue.save()
    return dialogue


@transaction.atomic
def follow_up_add(
    *, actor, dialogue: PolicyDialogue, action: str, owner: str, due_on, done_on=None
):
    access.require_change(actor, dialogue.cluster)
    follow_up = FollowUp(dialogue=dialogue, action=action, owner=owner, due_on=due_on)
    follow_up.done_on = done_on
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def follow_up_done(*, actor, follow_up: FollowUp, done_on=None) -> FollowUp:
    access.require_change(actor, follow_up.dialogue.cluster)
    follow_up.done_on = done_on or timezone.localdate()
    follow_up.full_clean()
    follow_up.save(update_fields=["done_on"])
    return follow_up


# --- Offers, needs and collaborations --------------------------------------------------


@transaction.atomic
def post_create(
    *, actor, cluster: Cluster, direction: str, is_demo=False, **fields
) -> CollaborationPost:
    access.require_change(actor, cluster)
    post = CollaborationPost(
        cluster=cluster, direction=direction, created_by=actor, is_demo=is_demo
    )
    _set_fields(post, CollaborationPost.EDITABLE_FIELDS, fields)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_update(*, actor, post: CollaborationPost, **fields) -> CollaborationPost:
    access.require_change(actor, post.cluster)
    _set_fields(post, CollaborationPost.EDITABLE_FIELDS, fields)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def interest_express(
    *,
    actor,
    post: CollaborationPost,
    interested_cluster: Cluster,
    interested_post: CollaborationPost | None = None,
    message: str = "",
    is_demo=False,
) -> Collaboration:
    """A manager of ``interested_cluster`` answers another cluster's offer or need."""
    access.require_change(actor, interested_cluster)
    if post.cluster_id == interested_cluster.pk:
        raise ValidationError(
            {"post": _("This is your own cluster's post: interest goes to other clusters' posts.")}
        )
    if post.cluster.project_id != interested_cluster.project_id:
        raise ValidationError({"post": _("This post belongs to another project.")})
    if not post.is_open:
        raise ValidationError({"post": _("This post is closed.")})
    if interested_post is not None and interested_post.cluster_id != interested_cluster.pk:
        raise ValidationError({"interested_post": _("Choose one of your own cluster's posts.")})
    collaboration = Collaboration(
        post=post,
        owner_cluster=post.cluster,
        interested_cluster=interested_cluster,
        interested_post=interested_post,
        message=message,
        expressed_by=actor,
        is_demo=is_demo,
    )
    collaboration.full_clean()
    try:
        with transaction.atomic():
            collaboration.save()
    except IntegrityError as error:  # two clicks at once
        raise ValidationError(
            {"post": _("This cluster already expressed interest in this post.")}
        ) from error
    return collaboration


@transaction.atomic
def interest_answer(*, actor, collaboration: Collaboration, accept: bool, on=None):
    """The post's owner accepts (a collaboration is formed) or declines."""
    collaboration = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    access.require_change(actor, collaboration.owner_cluster)
    if collaboration.status != CollaborationStatus.INTERESTED:
        raise ValidationError(_("This interest has already been answered."))
    if accept:
        collaboration.status = CollaborationStatus.ACTIVE
        collaboration.accepted_by = actor
        collaboration.accepted_on = on or timezone.localdate()
    else:
        collaboration.status = CollaborationStatus.DECLINED
    collaboration.full_clean()
    collaboration.save()
    return collaboration


@transaction.atomic
def collaboration_update(*, actor, collaboration: Collaboration, status: str, outcome: str = ""):
    """Either side records how a formed collaboration goes."""
    if not (
        access.can_change_cluster(actor, collaboration.owner_cluster)
        or access.can_change_cluster(actor, collaboration.interested_cluster)
    ):
        raise PermissionDenied
    if not collaboration.is_formed or status not in (
        CollaborationStatus.ACTIVE,
        CollaborationStatus.COMPLETED,
        CollaborationStatus.STOPPED,
    ):
        raise ValidationError({"status": _("Only an accepted collaboration has this status.")})
    collaboration.status = status
    collaboration.outcome = outcome
    collaboration.full_clean()
    collaboration.save(update_fields=["status", "outcome"])
    return collaboration


# --- Success stories -------------------------------------------------------------------


@transaction.atomic
def story_create(
    *, actor, cluster: Cluster, other_clusters=(), members=(), is_demo=False, **fields
) -> SuccessStory:
    access.require_change(actor, cluster)
    story = SuccessStory(cluster=cluster, created_by=actor, is_demo=is_demo)
    _set_fields(story, STORY_FIELDS, fields)
    story.full_clean()
    story.save()
    _story_relations(story, other_clusters, members)
    return story


def _story_relations(story: SuccessStory, other_clusters, members) -> None:
    other_clusters = [c for c in other_clusters if c.pk != story.cluster_id]
    if any(c.project_id != story.cluster.project_id for c in other_clusters):
        raise ValidationError({"other_clusters": _("Choose clusters of the same project.")})
    allowed = {story.cluster_id, *(c.pk for c in other_clusters)}
    if any(m.cluster_id not in allowed for m in members):
        raise ValidationError({"members": _("Choose members of the clusters involved.")})
    story.other_clusters.set(other_clusters)
    story.members.set(members)


@transaction.atomic
def story_update(
    *, actor, story: SuccessStory, other_clusters=None, members=None, **fields
) -> SuccessStory:
    access.require_change(actor, story.cluster)
    _set_fields(story, STORY_FIELDS, fields)
    if story.approved_at and not access.coordinates(actor, story.cluster):
        story.approved_at, story.approved_by = None, None
    story.full_clean()
    story.save()
    transaction.on_commit(public_cache.clear)
    if other_clusters is not None or members is not None:
        _story_relations(
            story,
            other_clusters if other_clusters is not None else story.other_clusters.all(),
            members if members is not None else story.members.all(),
        )
    return story


@transaction.atomic
def story_approve(*, actor, story: SuccessStory, approved=True) -> SuccessStory:
    access.require_coordinator_of(actor, story.cluster)
    if approved and not story.is_public:
        raise ValidationError(_("Only a story flagged for publication can be approved."))
    story.approved_at = timezone.now() if approved else None
    story.approved_by = actor if approved else None
    story.save(update_fields=["approved_at", "approved_by"])
    transaction.on_commit(public_cache.clear)
    return story
