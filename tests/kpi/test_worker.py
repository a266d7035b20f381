"""A rollup killed half-way, on the real stack (PostgreSQL, Redis, a Celery worker
process): after running it again there is exactly one correct snapshot per indicator.

How the worker is caught "half-way": the test holds a row lock on today's snapshot of the
last indicator (planted with a wrong value), so the worker computes and writes the first
indicator inside its transaction, then waits on that row. The test kills it with SIGKILL
there, releases the lock (PostgreSQL rolls the dead client's transaction back), and sends
the same run to a fresh worker. (Redis would redeliver the unacknowledged message by
itself only after its visibility timeout, an hour.)
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import uuid
from decimal import Decimal
from pathlib import Path

import psycopg2
import pytest
from django.utils import timezone

from tests.factories import LabelAwardFactory, MemberFactory
from tests.tracekei.test_worker import _test_database_url, wait_until
from tracekei.kpi import services
from tracekei.kpi.models import Indicator, RollupRun, Snapshot

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (as in CI)",
    ),
]


@pytest.fixture
def workers(tmp_path):
    """start() -> a worker process on a queue of this test's own."""
    from tracekei.celery import app

    queue = f"test-kpi-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracekei.settings",
        "DEBUG": "1",
        "DATABASE_URL": _test_database_url(),
        "CELERY_QUEUE": queue,
    }
    started = []

    def start():
        log = tmp_path / f"worker-{len(started)}.log"
        handle = log.open("w")
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "celery"),
                "-A",
                "tracekei",
                "worker",
                "-Q",
                queue,
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        process.log, process.handle = log, handle
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        process.handle.close()
    app.conf.task_default_queue, app.conf.task_always_eager = previous


def _waiting_on_a_lock(cursor) -> bool:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return cursor.fetchone()[0] > 0


def _idle_in_transaction(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()"
    )
    return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_rollup_killed_half_way_and_run_again_leaves_one_correct_snapshot(
    workers, project, coordinator, cluster_a, cluster_b
):
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2017, 4, 1))
    for name in ("A One", "A Two"):
        MemberFactory(cluster=cluster_a, name=name)
    MemberFactory(cluster=cluster_b, name="B One", country="HU")
    services.indicator_sync(project=project)
    today = timezone.localdate()
    first, last = Indicator.objects.filter(
        project=project, code__in=["new_bronze_labels", "active_members"]
    ).order_by("position", "code")
    assert (first.code, last.code) == ("new_bronze_labels", "active_members")
    planted = Snapshot.objects.create(
        indicator=last, taken_on=today, value=Decimal(999), computed_at=timezone.now()
    )

    blocker = psycopg2.connect(_test_database_url())
    watcher = psycopg2.connect(_test_database_url())
    watcher.autocommit = True
    try:
        with blocker.cursor() as cursor:
            cursor.execute("SELECT id FROM kpi_snapshot WHERE id = %s FOR UPDATE", [planted.pk])
        worker = workers()
        run = services.rollup_request(actor=coordinator, project=project)  # queued on commit
        with watcher.cursor() as cursor:
            assert wait_until(lambda: _waiting_on_a_lock(cursor), timeout=90), (
                worker.log.read_text()[-3000:]
            )
        # Half-way: the worker has written the first indicator, inside its transaction.
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=20)
        blocker.rollback()  # the dead client's transaction can now end: rolled back
        with watcher.cursor() as cursor:
            assert wait_until(lambda: _idle_in_transaction(cursor) == 0, timeout=30)
    finally:
        blocker.close()
        watcher.close()

    run.refresh_from_db()
    assert run.status == RollupRun.Status.RUNNING  # it died, nothing recorded it finished
    assert not Snapshot.objects.filter(indicator=first).exists()  # rolled back
    assert Snapshot.objects.get(indicator=last).value == 999  # untouched

    from tracekei.kpi.tasks import rollup

    second = workers()
    rollup.delay(project.pk, run.pk)

    def finished():
        run.refresh_from_db()
        return run.status in (RollupRun.Status.DONE, RollupRun.Status.FAILED)

    assert wait_until(finished, timeout=90), second.log.read_text()[-3000:]
    assert run.status == RollupRun.Status.DONE, run.error
    assert run.attempts == 2
    # One snapshot per indicator (the worker computes every app's), the two known right.
    snapshots = Snapshot.objects.filter(indicator__project=project)
    codes = [s.indicator.code for s in snapshots]
    assert len(codes) == len(set(codes)) == run.indicators_done
    assert sorted(
        (s.indicator.code, s.taken_on, s.value)
        for s in snapshots.filter(indicator__in=[first, last])
    ) == [
        ("active_members", today, 3),
        ("new_bronze_labels", today, 1),
    ]
    assert Snapshot.objects.get(indicator=last).contributions == {
        str(cluster_a.pk): "2",
        str(cluster_b.pk): "1",
    }
