"""Fault test A (issue 11): Redis stops while the portal is used.

The real stack, on a private Redis (the broker and the cache) that the test stops and
starts again, the suite's PostgreSQL database and a real Celery worker process. With
Redis stopped, a coordinator invites a manager and asks for a PDF report (work for the
queue) and edits a member (an ordinary form): every page answers normally, the requests
are saved and their tasks wait in the outbox. Redis back, the re-publisher hands the
tasks over and the worker sends exactly one e-mail and writes exactly one PDF; a second
re-publication and duplicate messages (the window where the broker took a message whose
outbox row could not be deleted) add nothing.
"""

import io
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse

from clusters.models import Invitation, Member
from tests.clusters.test_views import member_form_data
from tests.tracekei.test_worker import _test_database_url, wait_until
from tracekei.outbox.models import OutboxMessage
from tracekei.reports.models import ReportRequest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.faults,
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs a PostgreSQL DATABASE_URL (the worker process shares the database)",
    ),
]


def _point_celery_at(app, url: str) -> None:
    app.conf.broker_url = url
    app._pool = None  # the pools were built for the previous broker
    app.amqp._producer_pool = None


@pytest.fixture
def stack(private_redis, settings, tmp_path):
    """This process (pages, publishing) and a worker process on the private Redis."""
    from tracekei.celery import app

    queue = f"test-faults-{uuid.uuid4().hex[:8]}"
    previous = (app.conf.broker_url, app.conf.task_default_queue, app.conf.task_always_eager)
    settings.CACHES = {
        "default": {
            "BACKEND": "tracekei.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "KEY_PREFIX": "tracekei",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    app.conf.task_default_queue, app.conf.task_always_eager = queue, False
    _point_celery_at(app, private_redis.url)
    mail_dir = tmp_path / "mail"
    settings.MEDIA_ROOT = tmp_path / "media"  # the worker writes the PDF there
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = subprocess.Popen(
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
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracekei.settings",
            "DEBUG": "1",
            "DATABASE_URL": _test_database_url(),
            "REDIS_URL": private_redis.url,
            "CELERY_QUEUE": queue,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield {
        "redis": private_redis,
        "mail_dir": mail_dir,
        "media": tmp_path / "media",
        "log": log_path,
        "app": app,
    }
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    log.close()
    app.conf.task_default_queue, app.conf.task_always_eager = previous[1:]
    _point_celery_at(app, previous[0])


def _mails(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.log")) if directory.exists() else []


def _republish() -> str:
    out = io.StringIO()
    call_command("republish_outbox", stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_redis_stopped_pages_work_and_the_queued_work_runs_once_when_it_is_back(
    stack, client_for, coordinator, cluster_a, member_a
):
    client = client_for(coordinator)
    # The worker is up and consuming before the outage.
    assert wait_until(lambda: "ready." in stack["log"].read_text(), timeout=60), stack[
        "log"
    ].read_text()[-3000:]

    stack["redis"].stop()

    # Work for the queue: the invitation is saved; its e-mail waits in the outbox.
    response = client.post(
        reverse("clusters:invitation_create", kwargs={"slug": cluster_a.slug}),
        {"email": "outage@member.example", "full_name": "", "role": "manager", "language": "en"},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="outage@member.example")
    assert invitation.sent_at is None
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("task queue is unavailable" in notice for notice in notices), notices
    assert not any("was sent" in notice for notice in notices), notices  # not yet true
    assert client.get(response.url).status_code == 200

    # A PDF report: saved as queued, its page says so.
    response = client.post(
        "/reports/", {"report_type": "cluster-profile", "cluster": cluster_a.slug, "language": "en"}
    )
    report = ReportRequest.objects.get()
    assert (response.status_code, response.url) == (302, f"/reports/{report.pk}/")
    page = client.get(response.url)
    assert page.status_code == 200 and 'data-run-status="queued"' in page.content.decode()

    kept = list(OutboxMessage.objects.values_list("task", "args", "attempts"))
    assert kept == [
        ("clusters.tasks.send_invitation", [invitation.pk], 1),
        ("reports.generate", [report.pk], 1),
    ]
    assert "OperationalError" in OutboxMessage.objects.first().last_error

    # An ordinary form and a page: answered normally, without the cache.
    edit = client.post(
        reverse("clusters:member_update", kwargs={"pk": member_a.pk}),
        member_form_data(name="Renamed During Outage"),
    )
    assert edit.status_code == 302
    assert Member.objects.get(pk=member_a.pk).name == "Renamed During Outage"
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/healthz").json()["checks"]["broker"]["ok"] is False

    # Still away: a re-publication keeps the rows (the first gets one more attempt).
    assert "Published 0 task(s); 2 left" in _republish()
    assert OutboxMessage.objects.first().attempts == 2
    assert _mails(stack["mail_dir"]) == []

    stack["redis"].start()
    assert "Published 2 task(s); 0 left" in _republish()

    def done():
        report.refresh_from_db()
        sent = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=False).exists()
        return sent and report.status in ("done", "failed")

    assert wait_until(done, timeout=120), stack["log"].read_text()[-3000:]
    assert (report.status, report.attempts) == ("done", 1)
    mails = _mails(stack["mail_dir"])
    assert len(mails) == 1
    assert "To: outage@member.example" in mails[0].read_text()

    # Nothing duplicated: a second re-publication has nothing to send, and the same tasks
    # delivered twice (the broker took them, the rows' delete failed) add nothing.
    assert "Published 0 task(s); 0 left" in _republish()
    stack["app"].send_task("clusters.tasks.send_invitation", args=[invitation.pk])
    stack["app"].send_task("reports.generate", args=[report.pk])

    def four_runs_finished():
        return stack["log"].read_text().count("succeeded in") >= 4

    assert wait_until(four_runs_finished, timeout=60), stack["log"].read_text()[-3000:]
    assert len(_mails(stack["mail_dir"])) == 1
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 1)
    pdfs = list(stack["media"].rglob("*.pdf"))
    assert [path.name for path in pdfs] == [f"cluster-profile-{report.pk}.pdf"]
    assert list(stack["media"].rglob("*.part")) == []
