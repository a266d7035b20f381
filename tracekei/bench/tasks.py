"""The jobs ``make bench`` times (``TASKS`` in pages.py), each with its database floor
measured in the same run. They run in the ``bench_run`` process, on the benchmark's
database; whatever they write for the measurement is rolled back or replaced.

- ``kpi_rollup``: the KPI rollup of the whole project through the Celery worker (as the
  "Recompute now" button does), timed by the run's own ``duration`` (the worker's time)
  and from the request to the end (queue included); floor: the bare SQL aggregates of
  the same figures on a raw cursor.
- ``bulk_delivery``: ``services.services.delivery_record_bulk`` of one service to 1,000
  members of the manager's cluster (1,000 members are added for it: a cluster of the
  programme size has 100), in a transaction rolled back at the end; floor: the same
  1,000 rows in one ``INSERT ... SELECT`` in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.db import connection, transaction

#: The rollup's figures as bare SQL (services, trainings, dissemination, strategy and
#: clusters indicators: totals and per cluster), for the project ``%(project_id)s`` and
#: its clusters ``%(clusters)s``.
ROLLUP_FLOOR = [
    # SMEs benefitting from new or improved services (distinct), total and per cluster
    "SELECT count(DISTINCT m.organisation_key) FROM services_servicedelivery d "
    "JOIN services_service s ON s.id = d.service_id JOIN clusters_member m ON m.id = d.member_id "
    "WHERE s.cluster_id = ANY(%(clusters)s) AND s.status IN ('new', 'improved') "
    "AND d.delivered_on BETWEEN %(start)s AND %(end)s AND d.delivered_on >= s.status_since "
    "AND m.member_type = 'sme'",
    "SELECT s.cluster_id, count(DISTINCT m.organisation_key) FROM services_servicedelivery d "
    "JOIN services_service s ON s.id = d.service_id JOIN clusters_member m ON m.id = d.member_id "
    "WHERE s.cluster_id = ANY(%(clusters)s) AND s.status IN ('new', 'improved') "
    "AND d.delivered_on BETWEEN %(start)s AND %(end)s AND d.delivered_on >= s.status_since "
    "AND m.member_type = 'sme' GROUP BY 1",
    # fee-based share, new or improved services
    "SELECT cluster_id, count(*), count(*) FILTER (WHERE fee_model IN ('fee_based', 'mixed')), "
    "count(*) FILTER (WHERE status IN ('new', 'improved') AND status_since BETWEEN %(start)s "
    "AND %(end)s) FROM services_service WHERE cluster_id = ANY(%(clusters)s) GROUP BY 1",
    # held activities by type and organiser; managers involved (distinct)
    "SELECT organising_cluster_id, activity_type, count(*) FROM trainings_activity "
    "WHERE status = 'held' AND start_date BETWEEN %(start)s AND %(end)s "
    "AND organising_cluster_id = ANY(%(clusters)s) GROUP BY 1, 2",
    "SELECT ra.cluster_id, count(DISTINCT p.user_id) FROM trainings_participation p "
    "JOIN trainings_activity a ON a.id = p.activity_id "
    "JOIN clusters_roleassignment ra ON ra.user_id = p.user_id AND ra.role = 'manager' "
    "WHERE a.status = 'held' AND a.start_date BETWEEN %(start)s AND %(end)s "
    "AND EXISTS (SELECT 1 FROM trainings_attendance t WHERE t.participation_id = p.id) "
    "AND ra.cluster_id = ANY(%(clusters)s) GROUP BY 1",
    # countries reached outside the consortium; policy dialogues; collaborations formed
    "SELECT ac.cluster_id, count(DISTINCT c.country) FROM dissemination_activitycountry c "
    "JOIN dissemination_disseminationactivity a ON a.id = c.activity_id "
    "JOIN dissemination_disseminationactivity_clusters ac ON ac.disseminationactivity_id = a.id "
    "WHERE a.date BETWEEN %(start)s AND %(end)s AND c.country NOT IN "
    "(SELECT DISTINCT country FROM clusters_cluster WHERE project_id = %(project_id)s) "
    "AND ac.cluster_id = ANY(%(clusters)s) GROUP BY 1",
    "SELECT cluster_id, count(*) FROM dissemination_policydialogue WHERE date BETWEEN "
    "%(start)s AND %(end)s AND cluster_id = ANY(%(clusters)s) GROUP BY 1",
    "SELECT owner_cluster_id, count(*) FROM dissemination_collaboration WHERE status IN "
    "('active', 'completed', 'stopped') AND accepted_on BETWEEN %(start)s AND %(end)s "
    "AND owner_cluster_id = ANY(%(clusters)s) GROUP BY 1",
    # strategies adopted (first adoption); joint strategy
    "SELECT s.cluster_id, min(v.adopted_on) FROM strategy_strategyversion v "
    "JOIN strategy_strategy s ON s.id = v.strategy_id WHERE v.status IN ('adopted', "
    "'superseded') AND s.cluster_id = ANY(%(clusters)s) GROUP BY 1",
    "SELECT * FROM strategy_jointstrategy WHERE project_id = %(project_id)s",
    # active members; new bronze labels
    "SELECT cluster_id, count(*) FROM clusters_member WHERE (left_on IS NULL OR left_on > "
    "%(end)s) AND cluster_id = ANY(%(clusters)s) GROUP BY 1",
    "SELECT cluster_id, count(*) FROM clusters_labelaward WHERE level = 'bronze' AND "
    "awarded_on BETWEEN %(start)s AND %(end)s AND cluster_id = ANY(%(clusters)s) "
    "GROUP BY 1",
]


def _sql_seconds(statements: list[str], params: dict) -> float:
    """The statements on psycopg2's own cursor, once warm: seconds."""
    connection.ensure_connection()
    raw = connection.connection
    times = []
    with raw.cursor() as cursor:
        for _ in range(2):  # the first run warms the cache
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            times.append(time.perf_counter() - started)
    if connection.get_autocommit():
        raw.rollback()
    return times[-1]


def kpi_rollup(context: dict[str, Any]) -> dict[str, Any]:
    from django.conf import settings

    from clusters.models import Cluster
    from tracekei.kpi.models import RollupRun
    from tracekei.kpi.services import rollup_request

    project = Cluster.objects.select_related("project").get(pk=context["cluster_id"]).project
    params = {
        "project_id": project.pk,
        "clusters": list(project.clusters.values_list("pk", flat=True)),
        "start": project.start_date,
        "end": project.end_date,
    }
    floor = _sql_seconds(ROLLUP_FLOOR, params)
    if not connection.get_autocommit():
        return {"error": "run outside a transaction: the rollup is queued on commit"}
    started = time.perf_counter()
    run = rollup_request(actor=None, project=project)  # queued on commit: at once here
    deadline = started + 900
    while time.perf_counter() < deadline:
        run.refresh_from_db()
        if run.status in (RollupRun.Status.DONE, RollupRun.Status.FAILED):
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    if run.status != RollupRun.Status.DONE:
        return {"error": f"rollup {run.status}: {run.error[:200]}", "wall_seconds": wall}
    return {
        "seconds": run.duration.total_seconds() if run.duration else wall,
        "wall_seconds": wall,  # request to done: the queue and the worker's pick-up too
        "floor_seconds": floor,
        "indicators": run.indicators_total,
        "through": "in process (eager)" if settings.CELERY_TASK_ALWAYS_EAGER else "worker",
        "error": run.error,
    }


class _Rollback(Exception):
    pass


def bulk_delivery(context: dict[str, Any], *, members: int = 1000) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from clusters.dataset import ANCHOR
    from clusters.models import Cluster, Member, MemberType
    from services.models import Service, ServiceStatus
    from services.services import delivery_record_bulk

    result: dict[str, Any] = {}
    cluster = Cluster.objects.select_related("project").get(pk=context["cluster_id"])
    manager = get_user_model().objects.get(pk=context["manager_id"])
    service = (
        Service.objects.filter(cluster=cluster, status=ServiceStatus.EXISTING)
        .order_by("pk")
        .first()
        or Service.objects.filter(cluster=cluster).order_by("pk").first()
    )
    if service is None:
        return {"error": "the manager's cluster has no service"}
    day = ANCHOR - dt.timedelta(days=1)
    try:
        with transaction.atomic():
            joined = dt.date(2020, 1, 1)
            new = [
                Member(
                    cluster=cluster,
                    name=f"Bulk delivery member {n}",
                    member_type=MemberType.SME,
                    country=cluster.country,
                    joined_on=joined,
                    organisation_key=Member.make_organisation_key(
                        name=f"Bulk delivery member {n}", country=cluster.country, vat_number=""
                    ),
                )
                for n in range(members)
            ]
            Member.objects.bulk_create(new)
            chosen = list(Member.objects.filter(pk__in=[m.pk for m in new]))
            started = time.perf_counter()
            with transaction.atomic():
                outcome = delivery_record_bulk(
                    actor=manager, service=service, members=chosen, delivered_on=day
                )
            result["seconds"] = time.perf_counter() - started
            result["created"] = outcome.created
            # The floor: the same rows, one statement (the next day: no conflict).
            with connection.cursor() as cursor:
                started = time.perf_counter()
                cursor.execute(
                    "INSERT INTO services_servicedelivery (service_id, member_id, delivered_on, "
                    "outcome, recorded_by_id, created_at) SELECT %s, m.id, %s, '', %s, now() "
                    "FROM clusters_member m WHERE m.id = ANY(%s)",
                    [service.pk, day - dt.timedelta(days=1), manager.pk, [m.pk for m in chosen]],
                )
                result["floor_seconds"] = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return result
