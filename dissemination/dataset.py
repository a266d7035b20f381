"""The dissemination app's part of the benchmark dataset: ``size.dissemination_items``
activities (news, events, posts) of one or two clusters with the countries each reached,
a share public and approved (the public site under /project/ shows those), two policy
dialogues per cluster, an offer and a need per cluster on the market place, and
collaborations between clusters on some of them."""

from __future__ import annotations

import datetime as dt

from clusters.dataset import ANCHOR, ANCHOR_TIME, BENCH_DOMAIN, COUNTRIES
from tracekei.bench.dataset import Builder

from .models import (
    ActivityCountry,
    ActivityType,
    AudienceType,
    Collaboration,
    CollaborationKind,
    CollaborationPost,
    CollaborationStatus,
    DisseminationActivity,
    PolicyDialogue,
    PolicyLevel,
)

FIRST_DAY = dt.date(2024, 1, 15)
LANGUAGES = ["en", "de", "it", "pt", "ro", "bg", "hu", "fr", "es"]
OUTSIDE = ["US", "CN", "JP", "CA", "BR", "IN", "ZA", "NO", "CH", "GB", "TR", "UA"]
EU = [row[0] for row in COUNTRIES]


def build(builder: Builder) -> None:
    rng = builder.random
    size = builder.size
    clusters = builder.facts["clusters"]
    managers = builder.facts["managers"]
    coordinator = builder.facts["coordinator_id"]
    if not clusters:
        return
    types = list(ActivityType)
    audiences = list(AudienceType.values)
    span = (ANCHOR - FIRST_DAY).days

    rows, owners = [], []
    for n in range(size.dissemination_items):
        owner = clusters[rng.randrange(len(clusters))]
        kind = types[n % len(types)]
        public = rng.random() < 0.4
        rows.append(
            (
                kind.value,
                FIRST_DAY + dt.timedelta(days=rng.randint(0, span)),
                f"{kind.value.replace('_', ' ').capitalize()} {n + 1} of {owner.slug}",
                "What the clusters did and for whom (generated).",
                f"https://{owner.slug}.{BENCH_DOMAIN}/news/{n + 1}" if rng.random() < 0.6 else "",
                rng.sample(LANGUAGES, k=rng.randint(1, 2)),
                rng.choice([None, rng.randint(20, 5000)]),
                rng.sample(audiences, k=rng.randint(1, 3)),
                "",
                public,
                ANCHOR_TIME if public else None,
                coordinator if public else None,
                managers[owner.id],
                False,
                ANCHOR_TIME,
                ANCHOR_TIME,
            )
        )
        partner = clusters[rng.randrange(len(clusters))] if rng.random() < 0.2 else None
        owners.append((owner, partner if partner and partner.id != owner.id else None))
    ids = builder.copy_rows(
        DisseminationActivity,
        [
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
            "approved_at",
            "approved_by_id",
            "created_by_id",
            "is_demo",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    builder.copy_rows(
        DisseminationActivity.clusters.through,
        ["disseminationactivity_id", "cluster_id"],
        [
            (pk, cluster.id)
            for pk, pair in zip(ids, owners, strict=True)
            for cluster in pair
            if cluster
        ],
        returning_ids=False,
    )
    country_rows = []
    for pk, (owner, _partner) in zip(ids, owners, strict=True):
        reached = {owner.country}
        for _ in range(rng.randint(0, 3)):
            reached.add(rng.choice(OUTSIDE) if rng.random() < 0.2 else rng.choice(EU))
        country_rows += [(pk, code) for code in sorted(reached)]
    builder.copy_rows(
        ActivityCountry, ["activity_id", "country"], country_rows, returning_ids=False
    )

    _dialogues_and_market(builder)


def _dialogues_and_market(builder: Builder) -> None:
    rng = builder.random
    clusters = builder.facts["clusters"]
    managers = builder.facts["managers"]
    members = builder.facts["members"]
    levels = list(PolicyLevel.values)
    dialogue_rows = []
    for cluster in clusters:
        for n in range(2):
            dialogue_rows.append(
                (
                    cluster.id,
                    FIRST_DAY + dt.timedelta(days=rng.randint(0, (ANCHOR - FIRST_DAY).days)),
                    f"Ministry of the economy ({cluster.country})",
                    levels[n % len(levels)],
                    "innovation funding, skills",
                    "Smart manufacturing" if n == 0 else "",
                    "",
                    managers[cluster.id],
                    False,
                    ANCHOR_TIME,
                )
            )
    builder.copy_rows(
        PolicyDialogue,
        [
            "cluster_id",
            "date",
            "authority",
            "level",
            "topics",
            "ris3_link",
            "outcome",
            "created_by_id",
            "is_demo",
            "created_at",
        ],
        dialogue_rows,
    )

    kinds = list(CollaborationKind)
    post_rows = []
    for cluster in clusters:
        own = members[cluster.id]
        for direction in ("offer", "need"):
            kind = rng.choice(kinds)
            days = (
                rng.randint(2, 10)
                if (kind, direction) == (CollaborationKind.STAFF_EXCHANGE, "offer")
                else None
            )
            post_rows.append(
                (
                    cluster.id,
                    own[rng.randrange(len(own))] if own and rng.random() < 0.5 else None,
                    direction,
                    kind.value,
                    f"{direction.capitalize()}: {kind.value.replace('_', ' ')} ({cluster.slug})",
                    rng.choice(
                        [
                            "cold chain logistics",
                            "food packaging",
                            "energy efficiency",
                            "digital twins",
                        ]
                    ),
                    cluster.sector_ids[0],
                    "",
                    days,
                    rng.random() < 0.8,
                    managers[cluster.id],
                    False,
                    ANCHOR_TIME,
                )
            )
    post_ids = builder.copy_rows(
        CollaborationPost,
        [
            "cluster_id",
            "member_id",
            "direction",
            "kind",
            "title",
            "topic",
            "sector_id",
            "description",
            "exchange_days",
            "is_open",
            "created_by_id",
            "is_demo",
            "created_at",
        ],
        post_rows,
    )
    collaboration_rows = []
    statuses = list(CollaborationStatus)
    for pk, row in zip(post_ids, post_rows, strict=True):
        if len(clusters) < 2 or rng.random() < 0.7:
            continue
        other = clusters[rng.randrange(len(clusters))]
        if other.id == row[0]:
            continue
        status = rng.choice(statuses)
        accepted = status not in (CollaborationStatus.INTERESTED, CollaborationStatus.DECLINED)
        collaboration_rows.append(
            (
                pk,
                row[0],
                other.id,
                None,
                "We are interested (generated).",
                status.value,
                "",
                managers[other.id],
                ANCHOR_TIME,
                managers[row[0]] if accepted else None,
                ANCHOR - dt.timedelta(days=rng.randint(1, 300)) if accepted else None,
                False,
            )
        )
    builder.copy_rows(
        Collaboration,
        [
            "post_id",
            "owner_cluster_id",
            "interested_cluster_id",
            "interested_post_id",
            "message",
            "status",
            "outcome",
            "expressed_by_id",
            "expressed_at",
            "accepted_by_id",
            "accepted_on",
            "is_demo",
        ],
        collaboration_rows,
    )
