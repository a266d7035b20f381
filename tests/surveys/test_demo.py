"""The surveys demo: a campaign per cluster with answers in the members' languages, the
services they really received, idempotent."""

import io

import pytest
from django.core.management import call_command

from services.models import ServiceDelivery
from surveys import demo, results, standard, training_feedback
from surveys.models import Answer, Campaign, Invitation, Questionnaire, Response

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Questionnaire, Campaign, Invitation, Response, Answer)
    }


def test_demo_campaigns_are_realistic_and_idempotent():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert counts() == first
    # The two shipped questionnaires (the trainings demo asks its attendees the second).
    assert set(Questionnaire.objects.values_list("key", flat=True)) == {
        standard.KEY,
        training_feedback.KEY,
    }
    assert Campaign.objects.filter(title=demo.CLOSED_TITLE).count() == 7
    assert Campaign.objects.filter(title=demo.OPEN_TITLE).get().is_open
    closed = Campaign.objects.filter(title=demo.CLOSED_TITLE).first()
    statuses = sorted(closed.invitations.values_list("status", flat=True))
    assert statuses.count("completed") == 11
    assert statuses.count("opted_out") == 1
    assert closed.responses.filter(submitted_at__isnull=True).count() == 2
    # Answers in the members' languages; the matrix rows are services they received.
    assert set(Response.objects.values_list("language", flat=True)) >= {"it", "hu", "bg", "sr-latn"}
    for answer in Answer.objects.filter(service__isnull=False).select_related(
        "response__invitation"
    )[:50]:
        assert ServiceDelivery.objects.filter(
            service=answer.service, member=answer.response.invitation.member
        ).exists()
    outcome = results.campaign_results(closed)
    assert outcome.total.submitted == 11 and not outcome.total.hidden
    assert outcome.index is not None
    assert outcome.summary(standard.WANTS_TAILOR_MADE).yes > 0


def test_second_run_creates_nothing():
    call_command("load_demo_data", stdout=io.StringIO())
    from clusters.models import Cluster, Project
    from tracekei.accounts.models import User

    project = Project.objects.get()
    clusters = {c.slug: c for c in Cluster.objects.all()}
    users = {
        "admin": User.objects.get(email="admin@tracekei.example"),
        "coordinator": User.objects.get(email="coordinator@tracekei.example"),
        "reviewer": User.objects.get(email="reviewer@tracekei.example"),
    }
    managers = {
        slug: User.objects.get(email=f"manager.{slug}@tracekei.example") for slug in clusters
    }
    assert demo.load(project=project, clusters=clusters, users=users, managers=managers) == 0
