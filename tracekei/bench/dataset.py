"""The core of the dataset generator: size presets, the builder every app's
``<app>/dataset.py`` receives, and ``generate()`` which runs them in the plug-in order.

How an app adds its data (one module, found by ``tracekei.plugins.app_modules``)::

    # services/dataset.py
    from tracekei.bench.dataset import Builder

    def build(builder: Builder) -> None:
        rng = builder.random                   # seeded for this app: same seed, same rows
        size = builder.size                    # e.g. size.services_per_cluster, size.deliveries
        clusters = builder.facts["clusters"]   # what earlier apps made (see clusters/dataset.py)
        ids = builder.copy_rows(
            Service, ["cluster_id", "name", "fee_based"],
            ((cluster.id, f"Service {n}", n % 2 == 0) for cluster in clusters for n in range(6)),
        )
        builder.facts["services"] = ids        # for the apps that come after (surveys, ...)

Rules: rows are tuples in the order of ``fields`` (attribute names: ``cluster_id``, not
``cluster``); fill every NOT NULL column yourself (``auto_now`` fields too: COPY runs no
model code); values must pass the model's ``full_clean()`` (tests/bench checks a sample
of every model); derive everything from ``builder.random`` and ``builder.size``, never
from the clock, so the same seed gives the same rows. Pages to measure go in
``tracekei/bench/pages.py`` (one line each) or in ``BENCH_PAGES`` of the app's dataset
module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import random
import time
from decimal import Decimal
from typing import Any

from django.db import connections, models, transaction

from tracekei import plugins

#: Rows sent to PostgreSQL per COPY (keeps the buffer to a few dozen megabytes).
COPY_CHUNK = 100_000


@dataclasses.dataclass(frozen=True)
class Size:
    """How much to generate. Counts are totals unless the name says ``per_cluster``."""

    name: str
    clusters: int
    members_per_cluster: int
    #: Share of a cluster's members that are also a member of another cluster.
    shared_member_share: float = 0.05
    services_per_cluster: int = 6
    deliveries: int = 0
    campaigns_per_cluster: int = 1
    answers: int = 0
    activities: int = 0
    strategies_per_cluster: int = 1
    dissemination_items: int = 0

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


# The demo consortium: 7 clusters of about 16 members, a 6-service portfolio, one survey
# campaign of 15 answering companies per cluster, about 8 joint activities.
_DEMO = {
    "clusters": 7,
    "members_per_cluster": 16,
    "deliveries": 7 * 40,
    "answers": 7 * 15 * 8,
    "activities": 8,
    "dissemination_items": 7 * 10,
}


def _times(factor: int, name: str) -> Size:
    return Size(
        name=name,
        clusters=_DEMO["clusters"] * factor,
        members_per_cluster=_DEMO["members_per_cluster"],
        deliveries=_DEMO["deliveries"] * factor,
        answers=_DEMO["answers"] * factor,
        activities=_DEMO["activities"] * factor,
        dissemination_items=_DEMO["dissemination_items"] * factor,
    )


SIZES: dict[str, Size] = {
    "demo": _times(1, "demo"),
    "10x": _times(10, "10x"),
    "100x": _times(100, "100x"),
    # The EU cluster platform maps 880+ cluster organisations; programmes reach 11,000
    # to 17,000 SMEs. This is well beyond both.
    "programme": Size(
        name="programme",
        clusters=1_000,
        members_per_cluster=100,
        # 20 services a cluster: the consortium matrix's goal is stated at that size.
        services_per_cluster=20,
        deliveries=500_000,
        answers=1_000_000,
        activities=5_000,
        dissemination_items=20_000,
    ),
}


def size_named(name: str, **overrides: int) -> Size:
    """A preset, optionally with some counts changed (the name then says so)."""
    if name not in SIZES:
        raise KeyError(f"unknown size {name!r}; choose one of {', '.join(SIZES)}")
    size = SIZES[name]
    overrides = {key: value for key, value in overrides.items() if value is not None}
    if overrides:
        label = ",".join(f"{key}={value}" for key, value in sorted(overrides.items()))
        size = dataclasses.replace(size, name=f"{name}[{label}]", **overrides)
    return size


def _csv_value(value: Any) -> str:
    """One value in PostgreSQL's CSV COPY format: an unquoted empty field is NULL."""
    if value is None:
        return ""
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dt.date):  # dates and aware datetimes
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value)
    return '"' + str(value).replace('"', '""') + '"'


@dataclasses.dataclass
class Builder:
    """What each app's ``build(builder)`` gets; ``facts`` carries what earlier apps made."""

    size: Size
    seed: int
    using: str = "default"
    random: random.Random = dataclasses.field(default_factory=random.Random)
    facts: dict[str, Any] = dataclasses.field(default_factory=dict)
    rows: dict[str, int] = dataclasses.field(default_factory=dict)

    def seed_for(self, app: str) -> None:
        """A random stream per app: adding an app never changes another app's rows."""
        self.random = random.Random(f"tracekei-bench:{self.seed}:{app}")  # noqa: S311 - data, not secrets

    def copy_rows(
        self, model: type[models.Model], fields: list[str], rows, *, returning_ids: bool = True
    ) -> list[int]:
        """Insert ``rows`` (tuples in the order of ``fields``) and return their new ids, in
        order. PostgreSQL: ids drawn from the table's sequence, rows sent with COPY.
        Elsewhere (SQLite in the tests): ``bulk_create``."""
        connection = connections[self.using]
        table = model._meta.db_table
        written: list[int] = []
        count = 0
        if connection.vendor == "postgresql":
            columns = [model._meta.get_field(name).column for name in fields]
            pk_column = model._meta.pk.column if returning_ids else None
            column_sql = ", ".join(
                connection.ops.quote_name(column) for column in [pk_column, *columns] if column
            )
            copy_sql = (
                f"COPY {connection.ops.quote_name(table)} ({column_sql}) "
                "FROM STDIN WITH (FORMAT csv)"
            )
            chunk: list[tuple] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == COPY_CHUNK:
                    written += _copy_chunk(connection, copy_sql, table, pk_column, chunk)
                    count += len(chunk)
                    chunk = []
            if chunk:
                written += _copy_chunk(connection, copy_sql, table, pk_column, chunk)
                count += len(chunk)
        else:
            objects = [model(**dict(zip(fields, row, strict=True))) for row in rows]
            model.objects.using(self.using).bulk_create(objects, batch_size=500)
            written = [obj.pk for obj in objects] if returning_ids else []
            count = len(objects)
        self.rows[table] = self.rows.get(table, 0) + count
        return written


def _copy_chunk(connection, copy_sql: str, table: str, pk_column: str | None, chunk) -> list[int]:
    """COPY one chunk; with ``pk_column``, first draw its ids from the table's sequence."""
    ids: list[int] = []
    with connection.cursor() as cursor:
        if pk_column:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk_column, len(chunk)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            chunk = [(pk, *row) for pk, row in zip(ids, chunk, strict=True)]
        buffer = io.StringIO()
        for row in chunk:
            buffer.write(",".join(_csv_value(value) for value in row))
            buffer.write("\n")
        buffer.seek(0)
        cursor.copy_expert(copy_sql, buffer)
    return ids


def dataset_modules():
    return plugins.app_modules("dataset")


def generate(size: Size, *, seed: int = 1, using: str = "default", log=None) -> Builder:
    """Run every app's ``build`` in one transaction; returns the builder (rows, timings)."""
    builder = Builder(size=size, seed=seed, using=using)
    timings: dict[str, float] = {}
    with transaction.atomic(using=using):
        for module in dataset_modules():
            app = module.__name__.rsplit(".", 1)[0]
            builder.seed_for(app)
            started = time.perf_counter()
            module.build(builder)
            timings[app] = round(time.perf_counter() - started, 2)
            if log:
                log(f"  {app}: {timings[app]:.1f} s")
    builder.facts["timings"] = timings
    return builder
