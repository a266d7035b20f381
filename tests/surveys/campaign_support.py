"""Shared helpers of S2's campaign, mail and task tests."""

from __future__ import annotations

import datetime as dt
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from surveys.models import Campaign
from tests.factories import MemberFactory, QuestionnaireFactory


class FailingSMTPBackend(BaseEmailBackend):
    """The outside world: a mail server that refuses every message."""

    calls = 0

    def send_messages(self, email_messages):
        FailingSMTPBackend.calls += 1
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def draft(cluster, *, questionnaire=None, **fields) -> Campaign:
    """A draft campaign of the cluster, open from today for 30 days."""
    today = timezone.localdate()
    questionnaire = questionnaire or QuestionnaireFactory(project=cluster.project)
    values = {
        "title": "Satisfaction 2017",
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=30),
        "reminder_after_days": [7, 14],
        "max_reminders": 2,
        **fields,
    }
    return Campaign.objects.create(cluster=cluster, questionnaire=questionnaire, **values)


def members(cluster, count, *, prefix="sme", **fields):
    values = {"survey_consent": True, "survey_consent_on": dt.date(2017, 1, 10), **fields}
    return [
        MemberFactory(
            cluster=cluster,
            name=f"{prefix.title()} {number:03d}",
            contact_email=f"{prefix}{number}@{cluster.slug}.example",
            contact_name=f"Contact {number}",
            **values,
        )
        for number in range(count)
    ]
