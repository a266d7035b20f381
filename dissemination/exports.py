"""The dissemination app's datasets in the exports registry (tracekei.exports), each
starting from the app's scoped selectors (tracekei.access underneath)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster
from tracekei import access
from tracekei.exports import CHUNK_SIZE

from . import selectors
from .models import DisseminationActivity, PolicyDialogue, SuccessStory

_BY_ACRONYM = Cluster.objects.order_by("acronym")


def activity_rows(user):
    visible = selectors.activity_list(user=user).values("pk")
    activities = (
        DisseminationActivity.objects.filter(pk__in=visible)
        .prefetch_related(Prefetch("clusters", queryset=_BY_ACRONYM), "countries_reached")
        .order_by("date", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "clusters", "type", "date", "title", "link", "languages", "audience_size",
        "audience_types", "countries_reached", "public",
    ]  # fmt: skip
    rows = (
        [
            ";".join(c.acronym for c in a.clusters.all()),
            a.activity_type,
            a.date,
            a.title,
            a.link,
            ";".join(a.languages or []),
            a.audience_size,
            ";".join(a.audience_types or []),
            ";".join(c.country.code for c in a.countries_reached.all()),
            a.is_public,
        ]
        for a in activities
    )
    return header, rows


def dialogue_rows(user):
    dialogues = (
        access.scope(PolicyDialogue.objects.all(), user)
        .select_related("cluster")
        .order_by("cluster__acronym", "date", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = ["cluster", "date", "authority", "level", "topics", "ris3_link", "outcome"]
    rows = (
        [d.cluster.acronym, d.date, d.authority, d.level, d.topics, d.ris3_link, d.outcome]
        for d in dialogues
    )
    return header, rows


def collaboration_rows(user):
    collaborations = (
        selectors.collaboration_list(user=user)
        .order_by("expressed_at", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "post", "owner_cluster", "interested_cluster", "status", "expressed_at", "accepted_on",
        "outcome",
    ]  # fmt: skip
    rows = (
        [
            c.post.title,
            c.owner_cluster.acronym,
            c.interested_cluster.acronym,
            c.status,
            c.expressed_at,
            c.accepted_on,
            c.outcome,
        ]
        for c in collaborations
    )
    return header, rows


def story_rows(user):
    stories = (
        access.scope(SuccessStory.objects.all(), user)
        .select_related("cluster")
        .prefetch_related(Prefetch("other_clusters", queryset=_BY_ACRONYM))
        .order_by("cluster__acronym", "created_at", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "cluster", "other_clusters", "title", "challenge", "action", "result", "indicator",
        "public", "approved_at",
    ]  # fmt: skip
    rows = (
        [
            s.cluster.acronym,
            ";".join(c.acronym for c in s.other_clusters.all()),
            s.title,
            s.challenge,
            s.action,
            s.result,
            s.indicator,
            s.is_public,
            s.approved_at,
        ]
        for s in stories
    )
    return header, rows


def register(registry) -> None:
    registry.add(
        "dissemination-activities", _("Dissemination activities"), activity_rows,
        app="dissemination",
    )  # fmt: skip
    registry.add("policy-dialogues", _("Policy dialogues"), dialogue_rows, app="dissemination")
    registry.add("collaborations", _("Collaborations"), collaboration_rows, app="dissemination")
    registry.add("success-stories", _("Success stories"), story_rows, app="dissemination")
