"""A real Celery worker, on Redis and PostgreSQL, runs a task queued after commit.

Needs REDIS_URL and a PostgreSQL DATABASE_URL (CI has both); the worker is a separate
process, so it cannot see SQLite's in-memory test database.
"""

import os
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.db import connection

from clusters import services
from clusters.models import Invitation

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (as in CI)",
    ),
]


def wait_until(predicate, *, timeout: float, interval: float = 0.2) -> bool:
    """Poll with a bound; the test fails if the condition never holds."""
    stop = threading.Event()
    waited = 0.0
    while waited < timeout:
        if predicate():
            return True
        stop.wait(interval)
        waited += interval
    return predicate()


def _test_database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """A worker consuming a queue of its own, writing e-mails to files."""
    from tracekei.celery import app

    queue = f"test-{uuid.uuid4().hex[:8]}"
    previous = app.conf.task_default_queue, app.conf.task_always_eager
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracekei.settings",
        "DEBUG": "1",
        "DATABASE_URL": _test_database_url(),
        "CELERY_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    log = (tmp_path / "worker.log").open("w")
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
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield {"mail_dir": mail_dir, "log": tmp_path / "worker.log"}
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()
    app.conf.task_default_queue, app.conf.task_always_eager = previous


@pytest.mark.django_db(transaction=True)
def test_worker_sends_the_invitation_once(worker, coordinator, cluster_a):
    invitation = services.invitation_send(
        actor=coordinator, cluster=cluster_a, email="worker.test@member.example"
    )

    def sent():
        return Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()

    assert wait_until(sent, timeout=60), worker["log"].read_text()[-3000:]
    messages = list(worker["mail_dir"].glob("*.log"))
    assert len(messages) == 1
    body = messages[0].read_text()
    assert "To: worker.test@member.example" in body
    assert "/invitation/" in body
