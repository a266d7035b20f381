"""The dissemination demo data: believable, idempotent, and what the issue asks for."""

import io

import pytest
from django.core.management import call_command

from clusters.models import Project
from dissemination import selectors
from dissemination.kpis import collaborations_formed, outside_countries
from dissemination.models import (
    Collaboration,
    CollaborationPost,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
    overdue_q,
)
from tracekei.accounts.models import User
from tracekei.kpi.registry import Period

MODELS = (
    DisseminationActivity,
    PolicyDialogue,
    FollowUp,
    CollaborationPost,
    Collaboration,
    SuccessStory,
)


@pytest.mark.django_db
def test_demo_data_is_idempotent_and_complete():
    call_command("load_demo_data", stdout=io.StringIO())
    first = {m.__name__: m.objects.count() for m in MODELS}
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert {m.__name__: m.objects.count() for m in MODELS} == first
    assert "(0 new rows)" in out.getvalue()

    period = Period.of_project(Project.objects.get(acronym="TRACE-KEI"))
    assert outside_countries(period).total in (5, 6)  # near, not at, the target of 7
    assert collaborations_formed(period).total == 1
    assert FollowUp.objects.filter(overdue_q()).count() == 1
    assert PolicyDialogue.objects.values("cluster").distinct().count() == 7
    assert SuccessStory.objects.public().count() == 2
    assert SuccessStory.objects.count() == 3
    assert DisseminationActivity.objects.filter(is_public=True, approved_at=None).exists()
    manager = User.objects.get(email="manager.dare@tracekei.example")
    assert selectors.suggested_matches(user=manager)  # offers and needs that match
