"""A report whose worker is killed half-way, on the real stack (PostgreSQL, Redis, a
Celery worker process): it is never served as done, and run again it ends with one file.

How the worker is caught half-way: once it has claimed the request (status running),
the test locks the request's row. The worker renders the PDF, moves it onto its final
name and then waits on that row to mark it done; the test kills it there with SIGKILL,
releases the lock and sends the same request to a fresh worker."""

import io
import os

import psycopg2
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from clusters.models import RoleAssignment
from tests.kpi.test_worker import _waiting_on_a_lock, workers  # noqa: F401 - a fixture
from tests.tracekei.test_worker import _test_database_url, wait_until
from tracekei.reports import services
from tracekei.reports.models import ReportRequest

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL")
        or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (as in CI)",
    ),
]


@pytest.fixture
def shared_media(settings, tmp_path, monkeypatch):
    """The worker process and the test read the same private storage."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    return media


@pytest.mark.django_db(transaction=True)
def test_a_report_killed_half_way_is_never_done_and_run_again_gives_one_file(
    shared_media,  # before the workers: their environment names it
    workers,  # noqa: F811
):
    call_command("load_demo_data", stdout=io.StringIO())
    coordinator = RoleAssignment.objects.get(role="coordinator")
    first = workers()
    row = services.report_request(
        actor=coordinator.user, report_type="kpi-progress", project=coordinator.project
    )  # queued on commit (no transaction here: at once)

    blocker = psycopg2.connect(_test_database_url())
    watcher = psycopg2.connect(_test_database_url())
    watcher.autocommit = True
    try:
        with blocker.cursor() as cursor:

            def claimed_and_locked():
                cursor.execute(
                    "SELECT id FROM reports_reportrequest WHERE id = %s AND status = 'running' "
                    "FOR UPDATE",
                    [row.pk],
                )
                return cursor.fetchone() is not None

            assert wait_until(claimed_and_locked, timeout=90), first.log.read_text()[-3000:]
        with watcher.cursor() as cursor:
            assert wait_until(lambda: _waiting_on_a_lock(cursor), timeout=120), (
                first.log.read_text()[-3000:]
            )
        # The PDF is on disk under its final name; the row waits to be marked done.
        first.send_signal(9)
        first.wait(timeout=20)
        blocker.rollback()
    finally:
        blocker.close()
        watcher.close()

    row.refresh_from_db()
    assert (row.status, row.file.name, row.page_count) == ("running", "", None)
    final = default_storage.path(services.file_name(row))
    assert os.path.exists(final)  # written, but not served: the row is not done

    from tracekei.reports.tasks import generate

    second = workers()
    generate.delay(row.pk)

    def finished():
        row.refresh_from_db()
        return row.status in (ReportRequest.Status.DONE, ReportRequest.Status.FAILED)

    assert wait_until(finished, timeout=120), second.log.read_text()[-3000:]
    assert (row.status, row.attempts, row.file.name) == ("done", 2, services.file_name(row))
    pdfs = [name for name in os.listdir(os.path.dirname(final)) if name.endswith(".pdf")]
    assert pdfs == [os.path.basename(final)]
    assert os.path.getsize(final) == row.file_size and row.page_count >= 3
