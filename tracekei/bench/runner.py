"""One benchmark run against a live server: pages, floors, load and tasks -> a report."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string

from clusters.dataset import BENCH_DOMAIN, BENCH_PASSWORD, PROJECT_ACRONYM
from clusters.models import Cluster, RoleAssignment

from . import harness
from .harness import Client, Row
from .models import LoadedDataset
from .pages import DATABASE_FLOORS, LOAD_TARGETS, TASKS, all_pages

FLOOR_PATH = "/bench/floor/"
SIGNED_IN_FLOOR_PATH = "/bench/floor/signed-in/"


def _role_context() -> dict[str, Any]:
    """Who the benchmark signs in as, and what each may see."""
    User = get_user_model()
    clusters = list(
        Cluster.objects.filter(project__acronym=PROJECT_ACRONYM)
        .order_by("pk")
        .values_list("pk", "slug")
    )
    if not clusters:
        raise RuntimeError("no generated dataset here: run manage.py generate_dataset first")
    first_id, first_slug = clusters[0]
    manager = RoleAssignment.objects.get(cluster_id=first_id, role="manager").user
    member = Cluster.objects.get(pk=first_id).members.order_by("pk").first()
    return {
        "format": {
            "cluster_slug": first_slug,
            "member_pk": member.pk if member else 0,
            **_first_of_cluster(first_id),
        },
        "cluster_id": first_id,
        "manager_id": manager.pk,
        "roles": {
            "anonymous": (None, []),
            "coordinator": (
                User.objects.get(email=f"coordinator@{BENCH_DOMAIN}"),
                [pk for pk, _slug in clusters],
            ),
            "manager": (manager, [first_id]),
        },
    }


def _first_of_cluster(cluster_id: int) -> dict[str, int]:
    """The manager's cluster's first service and strategy (0 when its app generated none)."""
    from services.models import Service
    from strategy.models import Strategy

    service = Service.objects.filter(cluster_id=cluster_id).order_by("pk").first()
    strategy = Strategy.objects.filter(cluster_id=cluster_id).order_by("pk").first()
    return {
        "service_pk": service.pk if service else 0,
        "strategy_pk": strategy.pk if strategy else 0,
    }


def run(
    base_url: str, *, repeat: int, heavy_repeat: int, load_seconds: int, concurrency: int, log
) -> dict[str, Any]:
    started = time.perf_counter()
    loaded = LoadedDataset.objects.first()
    context = _role_context()
    rows: list[Row] = []
    report: dict[str, Any] = {
        "size": loaded.size if loaded else "unknown",
        "seed": loaded.seed if loaded else None,
        "dataset": {
            "rows": loaded.rows if loaded else {},
            "generated_seconds": loaded.seconds if loaded else None,
            "parameters": loaded.parameters if loaded else {},
        },
        "machine": harness.machine(),
        "settings": {
            "repeat": repeat,
            "heavy_repeat": heavy_repeat,
            "load_seconds": load_seconds,
            "concurrency": concurrency,
        },
        "pages": {},
        "load": {},
        "notes": [],
    }

    # Floors first: the bare view, anonymous and signed in.
    log("Floors ...")
    anonymous = Client(base_url)
    floor = harness.measure(anonymous, FLOOR_PATH, repeat * 2)
    report["floors"] = {"framework": floor}
    rows.append(Row("framework floor: bare view, server p50", floor["p50_ms"], unit="ms"))
    clients, signed_in = {"anonymous": anonymous}, {"anonymous": floor}
    for role, (user, _ids) in context["roles"].items():
        if user is None:
            continue
        clients[role] = Client(base_url)
        clients[role].log_in(user.email, BENCH_PASSWORD)
        signed_in[role] = harness.measure(clients[role], SIGNED_IN_FLOOR_PATH, repeat * 2)
        report["floors"][f"signed_in_{role}"] = signed_in[role]
        rows.append(
            Row(
                f"signed-in floor [{role}], server p95",
                signed_in[role]["p95_ms"],
                floor["p95_ms"],
                unit="ms",
            )
        )

    # Pages, as each role.
    for page in all_pages():
        for role in page.roles:
            key = harness.page_key(page, role)
            try:
                kwargs = {k: v.format(**context["format"]) for k, v in page.kwargs.items()}
                path = reverse(page.url_name, kwargs=kwargs)
            except NoReverseMatch:
                report["pages"][key] = {"skipped": f"no URL named {page.url_name}"}
                rows.append(Row(key, "not built yet"))
                continue
            if page.query:
                path += "?" + page.query.format(**context["format"])
            log(f"  {key}: {path}")
            result = harness.measure(clients[role], path, heavy_repeat if page.heavy else repeat)
            _user, cluster_ids = context["roles"][role]
            if page.floor:
                result["database_floor"] = harness.database_floor(
                    DATABASE_FLOORS[page.floor],
                    {
                        **context["format"],
                        "clusters": cluster_ids,
                        "cluster_id": context["cluster_id"],
                    },
                    heavy_repeat if page.heavy else repeat,
                )
            report["pages"][key] = result
            if result["status"] != [200]:
                report["notes"].append(f"{key} answered HTTP {result['status']}")
            floor_of_role = signed_in[role]
            rows.append(
                Row(
                    f"{key} server p95",
                    result["p95_ms"],
                    floor_of_role["p95_ms"],
                    goal=f"< {page.goal_ms:,} ms",
                    unit="ms",
                )
            )
            if "database_floor" in result:
                rows.append(
                    Row(
                        f"{key} server p50 vs SQL",
                        result["p50_ms"],
                        result["database_floor"]["p50_ms"],
                        unit="ms",
                    )
                )
            rows.append(
                Row(
                    f"{key} SQL queries",
                    result["queries"],
                    floor_of_role["queries"],
                    goal="flat across sizes",
                    unit="queries",
                )
            )

    # HTTP load on loopback: wrk, fixed time and concurrency.
    log(f"Load: {load_seconds} s per target at {concurrency} connections ...")
    from rest_framework.authtoken.models import Token

    token, _new = Token.objects.get_or_create(user=context["roles"]["coordinator"][0])
    base = base_url.rstrip("/")
    load_floor = harness.run_wrk(base + FLOOR_PATH, seconds=load_seconds, connections=concurrency)
    report["load"]["framework floor"] = load_floor
    floor_rps = load_floor.get("rps")
    rows.append(Row("load: bare view (framework floor)", floor_rps, unit="req/s"))
    for target in LOAD_TARGETS:
        if not target.url_name:
            rows.append(Row(f"load: {target.label}", target.note, unit="req/s"))
            continue
        try:
            url = base + reverse(target.url_name)
        except NoReverseMatch:
            rows.append(Row(f"load: {target.label}", "not built yet", unit="req/s"))
            continue
        headers = {"Authorization": f"Token {token.key}"} if target.auth == "token" else {}
        connections = target.connections or concurrency
        log(f"  {target.label}: {url} ({connections} connections)")
        result = harness.run_wrk(
            url, seconds=load_seconds, connections=connections, headers=headers
        )
        result["connections"] = connections
        report["load"][target.label] = result
        if "error" in result:
            rows.append(Row(f"load: {target.label}", f"error: {result['error'][:60]}"))
            continue
        if result["non2xx"] or result["errors"]:
            report["notes"].append(
                f"load {target.label}: {result['non2xx']} non-2xx, {result['errors']} errors"
            )
        rows.append(Row(f"load: {target.label}", result["rps"], floor_rps, unit="req/s"))
        rows.append(
            Row(
                f"load: {target.label} p95",
                result["p95_ms"],
                load_floor.get("p95_ms"),
                goal=f"< {target.goal_ms:,} ms",
                unit="ms",
            )
        )

    # Celery: the worker's round trip is the floor of every task duration.
    log("Tasks ...")
    report["tasks"] = _tasks(rows, context, log)
    report["rows"] = [row.as_dict() for row in rows]
    report["table"] = harness.format_table(rows)
    report["markdown"] = harness.format_markdown(rows)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def _tasks(rows: list[Row], context: dict[str, Any], log) -> dict[str, Any]:
    from django.conf import settings

    from tracekei.celery import app

    result: dict[str, Any] = {}
    if settings.CELERY_TASK_ALWAYS_EAGER:
        result["worker"] = "no broker (REDIS_URL unset)"
    else:
        started = time.perf_counter()
        replies = app.control.ping(timeout=5.0, limit=1)
        ping_ms = (time.perf_counter() - started) * 1000
        result["worker"] = {"replies": len(replies), "ping_ms": ping_ms}
        rows.append(
            Row(
                "task floor: worker ping round trip", ping_ms if replies else "no worker", unit="ms"
            )
        )
    for task in TASKS:
        if not task.call:
            rows.append(Row(f"task: {task.label}", task.note or "not built yet", unit="s"))
            result[task.label] = task.note or "not built yet"
            continue
        log(f"  {task.label}")
        try:
            outcome = import_string(task.call)(context)
        except Exception as error:
            outcome = {"error": f"{type(error).__name__}: {error}"}
        result[task.label] = outcome
        if outcome.get("error") and "seconds" not in outcome:
            rows.append(Row(f"task: {task.label}", f"error: {outcome['error'][:60]}", unit="s"))
            continue
        goal = f"< {task.goal_s:g} s" if task.goal_s else ""
        rows.append(
            Row(
                f"task: {task.label}",
                outcome["seconds"],
                outcome.get("floor_seconds"),
                goal=goal,
                unit="s",
            )
        )
        if "wall_seconds" in outcome:
            rows.append(
                Row(f"task: {task.label}, request to done", outcome["wall_seconds"], unit="s")
            )
    return result
