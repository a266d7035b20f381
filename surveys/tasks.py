"""Celery entry points of the surveys app: sending the campaign e-mails, reminders.

Tasks take ids and are safe to run twice: a ``Mail`` row is claimed under a row lock
(``select_for_update(skip_locked=True)``), sent only while ``queued`` and marked sent
in the same transaction, so a second run (a retry, a redelivered message, two workers)
finds it sent, or locked by the other run, and skips it.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracekei.privacy.addresses import suppression_keys

from . import mail as mails

logger = logging.getLogger(__name__)

#: What counts as the mail server failing (retried), as opposed to a bug (raised).
SMTP_ERRORS = (smtplib.SMTPException, OSError)


def _chunk_rate() -> str:
    """``SURVEY_MAIL_RATE`` is e-mails per period; the task sends a chunk at a time, so
    its Celery rate limit is the chunks per second that give that many e-mails. (Celery
    applies it per worker process: with several workers, divide the setting.)"""
    count, _slash, period = settings.SURVEY_MAIL_RATE.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600}[(period or "s")[0]]
    return f"{float(count) / seconds / settings.SURVEY_MAIL_CHUNK:.6f}/s"


SENT, SKIPPED, RETRY, FAILED = "sent", "skipped", "retry", "failed"


def send_one(mail_id: int, *, connection=None) -> str:
    """Send one queued Mail row at most once; record the outcome in the same transaction."""
    from .campaigns import FINAL, campaign_state
    from .models import InvitationStatus, Mail, MailKind, MailStatus, Suppression

    with transaction.atomic():
        row = (
            Mail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "invitation",
                "invitation__member",
                "invitation__campaign",
                "invitation__campaign__cluster",
            )
            .filter(pk=mail_id, status=MailStatus.QUEUED)
            .first()
        )
        if row is None:  # sent by an earlier run, failed for good, or being sent now
            return SKIPPED
        invitation = row.invitation
        campaign = invitation.campaign
        reason = ""
        if invitation.status in FINAL:
            reason = _("The recipient has answered or opted out.")
        elif campaign_state(campaign) == "closed":
            reason = _("The campaign was closed.")
        elif Suppression.objects.filter(
            project_id=campaign.cluster.project_id, email__in=suppression_keys(invitation.email)
        ).exists():
            reason = _("The address is on the suppression list.")
        elif not invitation.token_salt:
            reason = _("This invitation has no link to send.")
        if reason:
            row.status, row.last_error = MailStatus.FAILED, reason
            row.save(update_fields=["status", "last_error"])
            return FAILED
        rendered = mails.render(
            campaign=campaign,
            invitation=invitation,
            token=mails.invitation_token(invitation),
            kind=row.kind,
        )
        row.attempts += 1
        try:
            mails.build_message(rendered, to=invitation.email, connection=connection).send()
        except SMTP_ERRORS as error:
            row.last_error = f"{type(error).__name__}: {error}"[:500]
            final = row.attempts >= settings.SURVEY_MAIL_MAX_ATTEMPTS
            if final:
                row.status = MailStatus.FAILED
                if invitation.status in (InvitationStatus.QUEUED, InvitationStatus.FAILED) or (
                    row.kind != MailKind.REMINDER and invitation.status == InvitationStatus.SENT
                ):
                    invitation.status = InvitationStatus.FAILED
                    invitation.failure_reason = row.last_error
                    invitation.save(update_fields=["status", "failure_reason"])
            row.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("survey mail %s failed (attempt %s)", row.pk, row.attempts)
            return FAILED if final else RETRY
        now = timezone.now()
        row.status, row.sent_at, row.last_error = MailStatus.SENT, now, ""
        row.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        fields = []
        if invitation.status in (InvitationStatus.QUEUED, InvitationStatus.FAILED):
            invitation.status, invitation.failure_reason = InvitationStatus.SENT, ""
            fields += ["status", "failure_reason"]
        if invitation.sent_at is None:
            invitation.sent_at = now
            fields.append("sent_at")
        if row.kind == MailKind.REMINDER:
            invitation.reminders_sent = max(invitation.reminders_sent, row.number)
            invitation.last_reminded_at = now
            fields += ["reminders_sent", "last_reminded_at"]
        if fields:
            invitation.save(update_fields=fields)
        return SENT


def _reconnect(connection):
    with contextlib.suppress(*SMTP_ERRORS):  # closing a broken connection
        connection.close()
    return get_connection()


@shared_task(bind=True, name="surveys.send_mails", rate_limit=_chunk_rate(), max_retries=None)
def send_mails(self, mail_ids: list[int]) -> dict:
    """Send a chunk of campaign e-mails. Rows the mail server refused are retried with
    exponential backoff (``SURVEY_MAIL_RETRY_DELAY`` * 2^n seconds) until their
    ``SURVEY_MAIL_MAX_ATTEMPTS``-th attempt, then marked failed with the reason."""
    outcome = {SENT: 0, SKIPPED: 0, RETRY: 0, FAILED: 0}
    retry = []
    connection = get_connection()
    try:
        for mail_id in mail_ids:
            result = send_one(mail_id, connection=connection)
            outcome[result] += 1
            if result == RETRY:
                retry.append(mail_id)
            if result in (RETRY, FAILED):  # the server refused: start a fresh connection
                connection = _reconnect(connection)
    finally:
        with contextlib.suppress(*SMTP_ERRORS):
            connection.close()
    if retry:
        countdown = settings.SURVEY_MAIL_RETRY_DELAY * 2**self.request.retries
        raise self.retry(args=[retry], countdown=countdown)
    return outcome


@shared_task(name="surveys.queue_chunks")
def queue_chunks(mail_ids: list[int]) -> int:
    """Split many mails into ``SURVEY_MAIL_CHUNK``-sized sending tasks."""
    from tracekei.outbox import publish_now

    size = settings.SURVEY_MAIL_CHUNK
    for start in range(0, len(mail_ids), size):
        publish_now(send_mails, mail_ids[start : start + size])  # kept if the broker fails
    return len(mail_ids)


@shared_task(name="surveys.queue_reminders")
def queue_reminders() -> int:
    """Celery beat: queue the invitations of campaigns opening today and the reminders
    due in every open campaign."""
    from .campaigns import invitations_due, reminders_due

    return invitations_due() + reminders_due()
