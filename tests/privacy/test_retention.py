"""The retention purge of survey campaigns' personal parts."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from surveys.models import Answer, Invitation, Mail
from tests.factories import (
    AnswerFactory,
    CampaignFactory,
    InvitationFactory,
    QuestionFactory,
    ResponseFactory,
)
from tracekei.privacy import services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)


def _campaign(cluster, *, closes_on, anonymous=False, closed_at=None):
    campaign = CampaignFactory(
        cluster=cluster,
        opens_on=closes_on - dt.timedelta(days=30),
        closes_on=closes_on,
        anonymous=anonymous,
        closed_at=closed_at,
    )
    invitation = InvitationFactory(campaign=campaign, name="Anna Rossi", status="completed")
    Mail.objects.create(invitation=invitation, kind="invitation", last_error="550 no such user")
    response = ResponseFactory(invitation=invitation, consent_text="I agree.")
    questionnaire = campaign.questionnaire
    AnswerFactory(response=response, question=QuestionFactory(questionnaire=questionnaire))
    AnswerFactory(
        response=response,
        question=QuestionFactory(questionnaire=questionnaire, kind="long_text"),
        number=None,
        text="Anna liked the export desk.",
    )
    return campaign


@pytest.fixture
def campaigns(cluster_a, settings):
    settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS = 730
    cutoff = TODAY - dt.timedelta(days=730)
    return {
        "old_named": _campaign(cluster_a, closes_on=cutoff - dt.timedelta(days=1)),
        "old_anonymous": _campaign(
            cluster_a, closes_on=cutoff - dt.timedelta(days=5), anonymous=True
        ),
        # closed early, long ago, though its last day is recent
        "closed_early": _campaign(
            cluster_a,
            closes_on=TODAY - dt.timedelta(days=10),
            closed_at=dt.datetime.combine(cutoff - dt.timedelta(days=3), dt.time(9), dt.UTC),
        ),
        "recent": _campaign(cluster_a, closes_on=cutoff),  # on the cutoff: kept
    }


def _state(campaign):
    invitation = Invitation.objects.get(campaign=campaign)
    return (
        invitation.name,
        invitation.email,
        list(Answer.objects.filter(response__campaign=campaign).values_list("number", "text")),
        list(Mail.objects.filter(invitation=invitation).values_list("last_error", flat=True)),
    )


def test_purge_touches_only_campaigns_past_the_retention(campaigns):
    recent_before = _state(campaigns["recent"])
    result = services.purge_survey_personal_data(today=TODAY)

    assert (result.campaigns, result.invitations, result.answers, result.mails) == (3, 3, 2, 3)
    name, email, answers, errors = _state(campaigns["old_named"])
    invitation = Invitation.objects.get(campaign=campaigns["old_named"])
    assert (name, email) == ("", f"invitation-{invitation.pk}@erased.invalid")
    assert answers == [(4, ""), (None, "")]  # the rating stays, the open answer goes
    assert errors == [""]
    # Anonymous: the open answer (read without a name) stays.
    assert _state(campaigns["old_anonymous"])[2][1] == (None, "Anna liked the export desk.")
    assert _state(campaigns["closed_early"])[0] == ""
    assert _state(campaigns["recent"]) == recent_before


def test_purge_is_idempotent_and_dry_run_changes_nothing(campaigns):
    states = {key: _state(campaign) for key, campaign in campaigns.items()}
    dry = services.purge_survey_personal_data(today=TODAY, dry_run=True)
    assert dry.rows == 8
    assert {key: _state(campaign) for key, campaign in campaigns.items()} == states

    assert services.purge_survey_personal_data(today=TODAY).rows == 8
    after = {key: _state(campaign) for key, campaign in campaigns.items()}
    again = services.purge_survey_personal_data(today=TODAY)
    assert (again.rows, again.campaigns) == (0, 0)
    assert {key: _state(campaign) for key, campaign in campaigns.items()} == after


def test_the_command_reports_and_has_a_dry_run(campaigns, settings):
    # The command purges up to today: a retention of 0 days takes the campaigns closed
    # before today (all four fixtures closed in the past).
    settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS = 0
    out = io.StringIO()
    call_command("purge_survey_personal_data", "--dry-run", stdout=out)
    assert "Would purge 11 rows in 4 campaigns" in out.getvalue()
    assert Invitation.objects.filter(email__endswith="@erased.invalid").count() == 0
    out = io.StringIO()
    call_command("purge_survey_personal_data", stdout=out)
    assert "Purged 11 rows in 4 campaigns" in out.getvalue()
    assert Invitation.objects.filter(email__endswith="@erased.invalid").count() == 4


def test_the_daily_task_is_scheduled(settings):
    from tracekei.privacy.tasks import purge_survey_personal_data

    entry = settings.CELERY_BEAT_SCHEDULE["privacy-survey-retention"]
    assert entry["task"] == purge_survey_personal_data.name
    assert purge_survey_personal_data() == 0
