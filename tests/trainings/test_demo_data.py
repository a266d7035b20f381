"""The trainings demo: the project's real WP3 history, near the 14-manager target."""

import io

import pytest
from django.core.management import call_command

from clusters.models import RoleAssignment
from tracekei.kpi.registry import Period, calculators
from trainings.models import Activity, Attendance, Participation, SkillRating


def counts():
    return [m.objects.count() for m in (Activity, Participation, Attendance, SkillRating)]


@pytest.mark.django_db
def test_demo_history_counts_and_is_idempotent():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert counts() == first
    assert "(0 new rows)" in out.getvalue()

    managers = RoleAssignment.objects.filter(role="manager")
    assert managers.count() == 14
    period = Period.of_project(Activity.objects.first().organising_cluster.project)
    totals = {
        code: calculators()[code](period).total
        for code in ("joint_trainings", "study_visits", "workshops", "managers_involved")
    }
    assert totals == {
        "joint_trainings": 2,
        "study_visits": 1,
        "workshops": 2,
        "managers_involved": 13,
    }

    # The two joint trainings' feedback: a closed campaign each, answered by most
    # attendees in their own languages, enough answers for the results to show.
    from surveys import results, training_feedback
    from surveys.models import Campaign, Response

    campaigns = Campaign.objects.filter(activity__isnull=False).select_related("activity")
    assert sorted(c.activity.city for c in campaigns) == ["Bari", "Budapest"]
    for campaign in campaigns:
        assert campaign.questionnaire.key == training_feedback.KEY
        assert not campaign.is_open
        attendees = campaign.activity.participations.filter(attendances__isnull=False).distinct()
        assert campaign.invitations.count() == attendees.count()
        outcome = results.campaign_results(campaign)
        assert outcome.total.submitted >= 5 and not outcome.total.hidden
    languages = set(
        Response.objects.filter(campaign__in=campaigns).values_list("language", flat=True)
    )
    assert {"it", "hu", "bg", "sr-latn"} <= languages
