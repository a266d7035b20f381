"""The services app's part of the benchmark dataset (``manage.py generate_dataset``): the
ten categories (re-created after the generator's flush), ``size.services_per_cluster``
services per cluster across them (existing, improved or new, with their dates and fee
models), the reference portfolio, a baseline mapping per cluster, and ``size.deliveries``
deliveries to each cluster's own members within the project period.

Deliveries are produced by a generator (one cluster at a time, never one giant list) and
respect the portal's rules (``services.services.delivery_problems``): the member is of the
service's cluster, had joined and not yet left that day, the day is within the project
and not before a new or improved service's date, and (service, member, day) is unique.

Leaves ``builder.facts["services"]``: cluster id -> list of ``ServiceFact``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from clusters.dataset import ANCHOR, ANCHOR_TIME
from clusters.models import Member, MemberType
from tracekei.bench.dataset import Builder

from .models import (
    DEFAULT_CATEGORIES,
    DeliveryChannel,
    FeeModel,
    MappingPeriod,
    ReferenceService,
    Service,
    ServiceCategory,
    ServiceDelivery,
    ServiceMapping,
    ServiceStatus,
)

#: Project period of the generated project (clusters/dataset.py) and the last day data
#: exists for: nothing is delivered after ANCHOR ("today" of the generated data).
PROJECT_START = dt.date(2024, 1, 1)
LAST_DAY = ANCHOR - dt.timedelta(days=1)

STATUSES = [ServiceStatus.EXISTING] * 5 + [ServiceStatus.IMPROVED] * 3 + [ServiceStatus.NEW] * 2
FEE_MODELS = [FeeModel.FREE] * 3 + [FeeModel.MEMBERSHIP] * 3 + [FeeModel.FEE_BASED] * 3
FEE_MODELS += [FeeModel.MIXED]
CHANNELS = [DeliveryChannel.IN_PERSON] * 3 + [DeliveryChannel.ONLINE, DeliveryChannel.BLENDED]
OUTCOMES = ["", "", "", "Action plan agreed.", "Partner found.", "Report delivered."]


@dataclasses.dataclass(frozen=True)
class ServiceFact:
    id: int
    #: First day a delivery may be recorded (ordinal): the project start, or the date a
    #: new or improved service started.
    first_day: int


def ensure_categories(builder: Builder) -> list[int]:
    """The categories the initial migration seeds; the generator's flush removes them."""
    ids = []
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        category, created = ServiceCategory.objects.using(builder.using).get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        if created:
            table = ServiceCategory._meta.db_table
            builder.rows[table] = builder.rows.get(table, 0) + 1
        ids.append(category.pk)
    return ids


SERVICE_FIELDS = [
    "cluster_id",
    "name",
    "category_id",
    "description",
    "target_member_types",
    "fee_model",
    "price_min",
    "price_max",
    "currency",
    "status",
    "status_since",
    "delivery_channel",
    "created_at",
    "updated_at",
]


def build(builder: Builder) -> None:
    rng = builder.random
    size = builder.size
    clusters = builder.facts["clusters"]
    category_ids = ensure_categories(builder)
    category_names = dict(ServiceCategory.objects.using(builder.using).values_list("pk", "name"))

    # Services: the categories in turn, so every cluster covers several.
    rows, owners = [], []
    for cluster in clusters:
        offset = rng.randrange(len(category_ids))
        for n in range(size.services_per_cluster):
            category_id = category_ids[(offset + n) % len(category_ids)]
            status = rng.choice(STATUSES)
            since = None
            if status != ServiceStatus.EXISTING:
                since = PROJECT_START + dt.timedelta(days=rng.randint(0, 640))
            fee = rng.choice(FEE_MODELS)
            price_min = price_max = None
            if fee in (FeeModel.FEE_BASED, FeeModel.MIXED):
                price_min = Decimal(rng.randint(2, 40) * 25)
                price_max = price_min + Decimal(rng.randint(0, 20) * 25)
            targets = rng.choice([[], [], [MemberType.SME.value], ["sme", "large_company"]])
            rows.append(
                (
                    cluster.id,
                    f"{category_names[category_id]} {n + 1}",
                    category_id,
                    "A service of the cluster (generated).",
                    targets,
                    fee.value,
                    price_min,
                    price_max,
                    "EUR",
                    status.value,
                    since,
                    rng.choice(CHANNELS).value,
                    ANCHOR_TIME,
                    ANCHOR_TIME,
                )
            )
            owners.append(cluster.id)
    ids = builder.copy_rows(Service, SERVICE_FIELDS, rows)
    services: dict[int, list[ServiceFact]] = {cluster.id: [] for cluster in clusters}
    for pk, row in zip(ids, rows, strict=True):
        since = row[10]
        services[row[0]].append(
            ServiceFact(pk, max(since or PROJECT_START, PROJECT_START).toordinal())
        )
    builder.facts["services"] = services

    _reference_and_mappings(builder, category_ids)
    _deliveries(builder, services)


def _reference_and_mappings(builder: Builder, category_ids: list[int]) -> None:
    rng = builder.random
    project_id = builder.facts["project_id"]
    builder.copy_rows(
        ReferenceService,
        ["project_id", "category_id", "name", "description", "position"],
        [
            (project_id, category_id, f"Reference service {n}", "As gold-label clusters do.", n)
            for n, category_id in enumerate(category_ids[:6], start=1)
        ],
    )
    mapping_rows = []
    for cluster in builder.facts["clusters"]:
        public = rng.randint(20, 70)
        membership = rng.randint(5, 100 - public)
        services = rng.randint(0, 100 - public - membership)
        mapping_rows.append(
            (
                cluster.id,
                MappingPeriod.BASELINE.value,
                PROJECT_START + dt.timedelta(days=rng.randint(10, 90)),
                "Grow the members' innovation and exports (generated).",
                rng.choice(["yes", "partly"]),
                "",
                public,
                membership,
                services,
                100 - public - membership - services,
                rng.choice(["secure", "stable", "uncertain", "at_risk"]),
                "",
                len(builder.facts["members"][cluster.id]),
                builder.facts["managers"][cluster.id],
                ANCHOR_TIME,
            )
        )
    builder.copy_rows(
        ServiceMapping,
        [
            "cluster_id",
            "period",
            "answered_on",
            "initial_goals",
            "goals_pursued",
            "services_provided",
            "revenue_public",
            "revenue_membership",
            "revenue_services",
            "revenue_other",
            "sustainability_outlook",
            "sustainability_note",
            "committed_members",
            "answered_by_id",
            "updated_at",
        ],
        mapping_rows,
    )


def _deliveries(builder: Builder, services: dict[int, list[ServiceFact]]) -> None:
    """``size.deliveries`` deliveries, shared evenly among the clusters, streamed to COPY."""
    size = builder.size
    clusters = builder.facts["clusters"]
    if not clusters or not size.deliveries:
        return
    # (id, first day, last day) of every member, as ordinals: the days a delivery may fall.
    start, last = PROJECT_START.toordinal(), LAST_DAY.toordinal()
    windows: dict[int, list[tuple[int, int, int]]] = {cluster.id: [] for cluster in clusters}
    for pk, cluster_id, joined, left in (
        Member.objects.using(builder.using)
        .filter(cluster_id__in=windows)
        .order_by("pk")
        .values_list("pk", "cluster_id", "joined_on", "left_on")
        .iterator(chunk_size=10_000)
    ):
        first = max(start, joined.toordinal())
        final = min(last, left.toordinal() - 1) if left else last  # not on the day they left
        if first <= final:
            windows[cluster_id].append((pk, first, final))
    share, extra = divmod(size.deliveries, len(clusters))

    def rows():
        rng = builder.random
        for index, cluster in enumerate(clusters):
            wanted = share + (1 if index < extra else 0)
            members, offered = windows[cluster.id], services[cluster.id]
            if not members or not offered:
                continue
            manager = builder.facts["managers"][cluster.id]
            seen: set[tuple[int, int, int]] = set()
            made = tries = 0
            while made < wanted and tries < wanted * 20:
                tries += 1
                service = offered[rng.randrange(len(offered))]
                member, first, final = members[rng.randrange(len(members))]
                first = max(first, service.first_day)
                if first > final:
                    continue
                day = rng.randint(first, final)
                key = (service.id, member, day)
                if key in seen:
                    continue
                seen.add(key)
                made += 1
                yield (
                    service.id,
                    member,
                    dt.date.fromordinal(day),
                    Decimal(rng.randint(1, 16)) / 2,
                    OUTCOMES[rng.randrange(len(OUTCOMES))],
                    manager,
                    ANCHOR_TIME,
                )

    builder.copy_rows(
        ServiceDelivery,
        [
            "service_id",
            "member_id",
            "delivered_on",
            "hours",
            "outcome",
            "recorded_by_id",
            "created_at",
        ],
        rows(),
        returning_ids=False,
    )
