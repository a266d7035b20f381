"""Celery entry points of the trainings app. Tasks take ids and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_assessment_round(round_id: int) -> int:
    """E-mail every cluster manager of the project the link to rate themself. Returns
    how many e-mails went out (0 when an earlier run already sent them)."""
    from . import selectors
    from .models import AssessmentRound

    with transaction.atomic():
        assessment_round = (
            AssessmentRound.objects.select_for_update()
            .filter(pk=round_id, notified_at__isnull=True, is_open=True)
            .first()
        )
        if assessment_round is None:
            return 0
        link = settings.PORTAL_BASE_URL + reverse(
            "trainings:assess", kwargs={"pk": assessment_round.pk}
        )
        subject = _("[%(portal)s] Rate your skills: %(round)s") % {
            "portal": settings.PORTAL_PROJECT_ACRONYM,
            "round": assessment_round.name,
        }
        messages = []
        for manager in selectors.managers_of_project(assessment_round.project_id).order_by("pk"):
            body = render_to_string(
                "trainings/email/assessment_round.txt",
                {"round": assessment_round, "link": link, "user": manager},
            )
            messages.append((subject, body, None, [manager.email]))
        sent = send_mass_mail(messages)
        assessment_round.notified_at = timezone.now()
        assessment_round.save(update_fields=["notified_at"])
    return sent
