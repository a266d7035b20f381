"""Sending the campaign e-mails through Celery: at most once, retries on mail-server
errors, failures recorded; reminders by Celery beat; a real worker end to end."""

import datetime as dt
import os

import pytest
from celery.exceptions import Retry
from django.core import mail as outbox
from django.utils import timezone

from surveys import campaigns as services
from surveys import mail, tasks
from surveys.models import (
    Invitation,
    InvitationStatus,
    Mail,
    MailKind,
    MailStatus,
    Suppression,
)
from tests.surveys.campaign_support import FailingSMTPBackend, draft, members

pytestmark = pytest.mark.django_db

EVERYONE = services.RecipientFilter(member_types=[], sectors=[], consent_only=True)


def launched(cluster, manager, count=2, **fields):
    """A launched campaign whose invitation e-mails are queued (nothing sent yet)."""
    campaign = draft(cluster, **fields)
    members(cluster, count)
    services.campaign_launch(actor=manager, campaign=campaign, chosen=EVERYONE)
    return campaign


def queued_ids(campaign):
    return list(
        Mail.objects.filter(invitation__campaign=campaign, status="queued").values_list(
            "pk", flat=True
        )
    )


def test_a_task_run_twice_sends_each_mail_once(cluster_a, manager_a):
    campaign = launched(cluster_a, manager_a)
    ids = queued_ids(campaign)
    first = tasks.send_mails.apply(args=[ids]).get()
    second = tasks.send_mails.apply(args=[ids]).get()
    assert first["sent"] == 2 and second == {"sent": 0, "skipped": 2, "retry": 0, "failed": 0}
    assert len(outbox.outbox) == 2
    for invitation in campaign.invitations.all():
        assert invitation.status == InvitationStatus.SENT and invitation.sent_at


def run_like_a_worker(ids):
    """Run the task as a worker would: each Retry it raises is run again with its
    arguments (the countdown is recorded, not waited for)."""
    countdowns, retries = [], 0
    while True:
        try:
            return tasks.send_mails.apply(args=[ids], retries=retries).get(), countdowns
        except Retry as retry:
            countdowns.append(retry.when)
            ids, retries = retry.sig.args[0], retries + 1


def test_smtp_failure_is_retried_with_backoff_then_marked_failed(
    cluster_a, manager_a, settings, client_for
):
    settings.EMAIL_BACKEND = "tests.surveys.campaign_support.FailingSMTPBackend"
    settings.SURVEY_MAIL_MAX_ATTEMPTS = 4
    settings.SURVEY_MAIL_RETRY_DELAY = 30
    campaign = launched(cluster_a, manager_a, count=1)
    FailingSMTPBackend.calls = 0
    outcome, countdowns = run_like_a_worker(queued_ids(campaign))
    assert outcome["failed"] == 1
    assert countdowns == [30, 60, 120]  # exponential backoff
    row = Mail.objects.get()
    assert FailingSMTPBackend.calls == 4
    assert row.attempts == 4 and row.status == MailStatus.FAILED
    assert "SMTPServerDisconnected" in row.last_error
    invitation = Invitation.objects.get()
    assert invitation.status == InvitationStatus.FAILED
    assert "Connection unexpectedly closed" in invitation.failure_reason
    assert len(outbox.outbox) == 0
    page = client_for(manager_a).get(f"/surveys/campaigns/{campaign.pk}/")
    assert "Connection unexpectedly closed" in page.content.decode()


def test_a_server_that_recovers_gets_the_mail_once(cluster_a, manager_a, settings):
    settings.EMAIL_BACKEND = "tests.surveys.campaign_support.FailingSMTPBackend"
    campaign = launched(cluster_a, manager_a, count=2)
    ids = queued_ids(campaign)
    with pytest.raises(Retry) as retry:
        tasks.send_mails.apply(args=[ids]).get()
    assert sorted(retry.value.sig.args[0]) == sorted(ids)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outcome, _countdowns = run_like_a_worker(retry.value.sig.args[0])
    assert outcome["sent"] == 2
    assert len(outbox.outbox) == 2
    assert set(Mail.objects.values_list("attempts", flat=True)) == {2}


def test_nothing_is_sent_to_a_suppressed_or_opted_out_address(cluster_a, manager_a):
    campaign = launched(cluster_a, manager_a)
    first, second = campaign.invitations.order_by("pk")
    Suppression.objects.create(project=cluster_a.project, email=first.email, reason="bounced")
    services.invitation_opt_out(invitation=second)
    tasks.send_mails.apply(args=[queued_ids(campaign)])
    assert len(outbox.outbox) == 0


def test_the_rate_limit_comes_from_the_setting(settings):
    settings.SURVEY_MAIL_RATE = "600/m"
    settings.SURVEY_MAIL_CHUNK = 50
    assert tasks._chunk_rate() == "0.200000/s"  # 10 e-mails a second = 0.2 chunks
    assert tasks.send_mails.rate_limit == tasks._chunk_rate()


def test_launch_queues_the_sending_after_commit(
    cluster_a, manager_a, settings, eager_tasks, django_capture_on_commit_callbacks
):
    settings.SURVEY_MAIL_CHUNK = 2
    campaign = draft(cluster_a)
    members(cluster_a, 5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    assert len(outbox.outbox) == 0  # nothing is sent inside the launch's transaction
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: three chunks of at most 2 sent by the (eager) tasks
    assert len(outbox.outbox) == 5
    assert not Mail.objects.filter(status="queued").exists()


# --- Reminders ------------------------------------------------------------------------


def _sent_days_ago(campaign, days):
    moment = timezone.now() - dt.timedelta(days=days)
    campaign.invitations.update(sent_at=moment)


def test_reminders_go_only_to_non_respondents_and_at_most_max(cluster_a, manager_a):
    campaign = launched(cluster_a, manager_a, count=4, reminder_after_days=[7, 14], max_reminders=2)
    tasks.send_mails.apply(args=[queued_ids(campaign)])
    waiting, completed, opted_out, suppressed = campaign.invitations.order_by("pk")
    Invitation.objects.filter(pk=completed.pk).update(status=InvitationStatus.COMPLETED)
    Invitation.objects.filter(pk=opted_out.pk).update(status=InvitationStatus.OPTED_OUT)
    Suppression.objects.create(project=cluster_a.project, email=suppressed.email, reason="bounced")
    outbox.outbox.clear()

    _sent_days_ago(campaign, 3)
    assert tasks.queue_reminders.apply().get() == 0  # not due yet

    _sent_days_ago(campaign, 8)
    assert services.reminders_due() == 1
    assert services.reminders_due() == 0  # idempotent: the Mail row is unique
    ids = list(Mail.objects.filter(kind=MailKind.REMINDER).values_list("pk", flat=True))
    tasks.send_mails.apply(args=[ids])
    assert [m.to for m in outbox.outbox] == [[waiting.email]]
    assert outbox.outbox[0].subject.startswith("Reminder: ")
    token = mail.invitation_token(waiting)
    assert f"/s/{token}/" in outbox.outbox[0].body  # the same link as the invitation

    _sent_days_ago(campaign, 15)
    assert services.reminders_due() == 1
    _sent_days_ago(campaign, 40)
    assert services.reminders_due() == 0  # at most max_reminders
    numbers = sorted(
        Mail.objects.filter(kind=MailKind.REMINDER).values_list("invitation_id", "number")
    )
    assert numbers == [(waiting.pk, 1), (waiting.pk, 2)]
    ids = list(Mail.objects.filter(kind=MailKind.REMINDER, number=2).values_list("pk", flat=True))
    tasks.send_mails.apply(args=[ids])
    waiting.refresh_from_db()
    assert waiting.reminders_sent == 2 and waiting.last_reminded_at


def test_a_scheduled_campaign_is_sent_on_its_opening_day(
    cluster_a, manager_a, eager_tasks, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    campaign = draft(cluster_a, opens_on=today + dt.timedelta(days=3))
    members(cluster_a, 2)
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    campaign.refresh_from_db()
    assert services.campaign_state(campaign) == services.SCHEDULED
    assert len(outbox.outbox) == 0
    assert services.invitations_due() == 0  # not yet
    later = timezone.now() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_due(later) == 2
    assert len(outbox.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_due(later) == 0  # sent: nothing left to queue
    assert len(outbox.outbox) == 2


def test_no_reminders_for_closed_campaigns(cluster_a, manager_a):
    campaign = launched(cluster_a, manager_a, count=1, reminder_after_days=[1])
    tasks.send_mails.apply(args=[queued_ids(campaign)])
    _sent_days_ago(campaign, 5)
    services.campaign_close(actor=manager_a, campaign=campaign)
    assert services.reminders_due() == 0


def test_reminder_task_is_in_the_beat_schedule(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "surveys.queue_reminders" in tasks_scheduled


# --- A real worker --------------------------------------------------------------------

needs_stack = pytest.mark.skipif(
    not os.environ.get("REDIS_URL")
    or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (as in CI)",
)


@pytest.fixture
def worker(tmp_path):
    from tests.tracekei.test_worker import worker as real_worker

    yield from real_worker.__wrapped__(tmp_path)


@needs_stack
@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_real_worker_sends_each_invitation_once(worker, cluster_a, manager_a):
    from tests.tracekei.test_worker import wait_until

    campaign = draft(cluster_a)
    members(cluster_a, 3)
    services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    ids = queued_ids(campaign)
    tasks.send_mails.delay(ids)  # a second, duplicate message for the same rows

    def all_sent():
        return (
            not Mail.objects.filter(invitation__campaign=campaign).exclude(status="sent").exists()
        )

    assert wait_until(all_sent, timeout=60), worker["log"].read_text()[-3000:]
    # Both messages processed (the duplicate finds nothing queued) before counting files.
    assert wait_until(lambda: worker["log"].read_text().count("succeeded") >= 2, timeout=30), (
        worker["log"].read_text()[-3000:]
    )
    files = list(worker["mail_dir"].glob("*.log"))
    text = "".join(path.read_text() for path in files)
    assert text.count("Subject: ") == 3
    for invitation in campaign.invitations.all():
        assert f"To: {invitation.email}" in text
