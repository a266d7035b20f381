"""The trainings app's part of the benchmark dataset: the core modules (re-created after
the generator's flush), ``size.activities`` activities of every type organised by the
clusters (held before the anchor day, a few cancelled, planned after it), the managers of
other clusters taking part (and an outside participant now and then), attendance on each
day of the held ones, and two skills rounds (a closed baseline every manager answered,
an open one half of them did)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from clusters.dataset import ANCHOR, ANCHOR_TIME, BENCH_DOMAIN
from tracekei.bench.dataset import Builder

from .models import (
    CORE_MODULES,
    Activity,
    ActivityStatus,
    ActivityType,
    AssessmentRound,
    Attendance,
    CoreModule,
    Participation,
    SkillRating,
)

FIRST_DAY = dt.date(2024, 2, 1)
LAST_DAY = dt.date(2027, 6, 30)


def ensure_modules(builder: Builder) -> list[int]:
    ids = []
    for position, (slug, name) in enumerate(CORE_MODULES, start=1):
        module, created = CoreModule.objects.using(builder.using).get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        if created:
            table = CoreModule._meta.db_table
            builder.rows[table] = builder.rows.get(table, 0) + 1
        ids.append(module.pk)
    return ids


def build(builder: Builder) -> None:
    rng = builder.random
    size = builder.size
    clusters = builder.facts["clusters"]
    managers = builder.facts["managers"]
    module_ids = ensure_modules(builder)
    if not clusters:
        return
    types = list(ActivityType)
    span = (LAST_DAY - FIRST_DAY).days

    rows = []
    for n in range(size.activities):
        organiser = clusters[rng.randrange(len(clusters))]
        start = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        kind = types[n % len(types)]
        days = (
            1
            if kind in (ActivityType.WEBINAR, ActivityType.MENTORING_SESSION)
            else rng.randint(1, 3)
        )
        end = start + dt.timedelta(days=days - 1)
        if end < ANCHOR:
            status = ActivityStatus.CANCELLED if rng.random() < 0.08 else ActivityStatus.HELD
        else:
            status = ActivityStatus.CANCELLED if rng.random() < 0.04 else ActivityStatus.PLANNED
        host = clusters[rng.randrange(len(clusters))] if rng.random() < 0.5 else None
        rows.append(
            (
                organiser.id,
                kind.value,
                f"{kind.value.replace('_', ' ').capitalize()} {n + 1} of {organiser.slug}",
                start,
                end,
                "" if kind == ActivityType.WEBINAR else f"City {n % 40 + 1}",
                "" if kind == ActivityType.WEBINAR else (host or organiser).country,
                host.id if host else None,
                "",
                "Day 1: introduction; day 2: practice (generated).",
                status.value,
                rng.random() < 0.3,
                False,
                managers[organiser.id],
                ANCHOR_TIME,
                ANCHOR_TIME,
            )
        )
    activity_ids = builder.copy_rows(
        Activity,
        [
            "organising_cluster_id",
            "activity_type",
            "title",
            "start_date",
            "end_date",
            "city",
            "country",
            "host_cluster_id",
            "host_organisation",
            "agenda",
            "status",
            "is_public",
            "is_demo",
            "created_by_id",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    builder.copy_rows(
        Activity.modules.through,
        ["activity_id", "coremodule_id"],
        [
            (pk, module)
            for pk in activity_ids
            for module in rng.sample(module_ids, k=rng.randint(1, 2))
        ],
        returning_ids=False,
    )

    # Participants: managers of the organiser and other clusters, now and then an outsider.
    manager_ids = [managers[cluster.id] for cluster in clusters]
    part_rows, part_meta = [], []
    for n, (pk, row) in enumerate(zip(activity_ids, rows, strict=True), start=1):
        count = min(len(manager_ids), rng.randint(2, 8))
        for user in rng.sample(manager_ids, k=count):
            part_rows.append((pk, user, "", "", "", ANCHOR_TIME, managers[row[0]]))
            part_meta.append(row)
        if rng.random() < 0.3:
            part_rows.append(
                (
                    pk,
                    None,
                    f"Guest {n}",
                    "Regional Development Agency",
                    f"guest.{n}@{BENCH_DOMAIN}",
                    ANCHOR_TIME,
                    managers[row[0]],
                )
            )
            part_meta.append(row)
    participation_ids = builder.copy_rows(
        Participation,
        [
            "activity_id",
            "user_id",
            "name",
            "organisation",
            "email",
            "registered_at",
            "registered_by_id",
        ],
        part_rows,
    )
    attendance = []
    for pk, row in zip(participation_ids, part_meta, strict=True):
        if row[10] != ActivityStatus.HELD.value or rng.random() < 0.1:
            continue  # planned, cancelled, or registered and did not come
        start, end = row[3], row[4]
        for offset in range((end - start).days + 1):
            attendance.append(
                (pk, start + dt.timedelta(days=offset), Decimal(rng.choice([4, 6, 8])))
            )
    builder.copy_rows(
        Attendance, ["participation_id", "day", "hours"], attendance, returning_ids=False
    )

    _skills(builder, module_ids, manager_ids)


def _skills(builder: Builder, module_ids: list[int], manager_ids: list[int]) -> None:
    rng = builder.random
    project_id = builder.facts["project_id"]
    coordinator = builder.facts["coordinator_id"]
    baseline, after = builder.copy_rows(
        AssessmentRound,
        ["project_id", "name", "kind", "opened_on", "is_open", "notified_at", "opened_by_id"],
        [
            (project_id, "Baseline", "baseline", dt.date(2024, 2, 1), False, None, coordinator),
            (project_id, "After cycle 1", "after", dt.date(2025, 10, 1), True, None, coordinator),
        ],
    )

    def ratings():
        for user in manager_ids:
            levels = {module: rng.randint(1, 4) for module in module_ids}
            for module, level in levels.items():
                yield (baseline, user, module, level, ANCHOR_TIME)
            if rng.random() < 0.5:
                for module, level in levels.items():
                    yield (after, user, module, min(5, level + rng.randint(0, 2)), ANCHOR_TIME)

    builder.copy_rows(
        SkillRating,
        ["round_id", "user_id", "module_id", "level", "updated_at"],
        ratings(),
        returning_ids=False,
    )
