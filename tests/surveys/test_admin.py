"""The surveys admin: scoped to the staff user's clusters; answers and token hashes read only."""

import pytest
from django.contrib import admin as django_admin
from django.urls import reverse

from surveys import models
from tests.surveys.support import respond, standard_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_manager_a(manager_a):
    manager_a.is_staff = True
    manager_a.save(update_fields=["is_staff"])
    return manager_a


def test_every_model_is_registered():
    for model in (
        models.Questionnaire,
        models.Section,
        models.Question,
        models.Choice,
        models.Campaign,
        models.Invitation,
        models.Mail,
        models.Suppression,
        models.Response,
        models.Answer,
    ):
        assert django_admin.site.is_registered(model), model


def test_staff_manager_sees_only_own_campaigns_and_answers(
    client_for, staff_manager_a, cluster_a, cluster_b
):
    mine = standard_campaign(cluster_a, title="Alpha survey")
    theirs = standard_campaign(cluster_b, title="Beta survey")
    respond(mine)
    other = respond(theirs)
    client = client_for(staff_manager_a)
    page = client.get(reverse("admin:surveys_campaign_changelist"))
    assert [str(c) for c in page.context["cl"].result_list] == ["Alpha survey"]
    answers = client.get(reverse("admin:surveys_answer_changelist"))
    assert {a.response.campaign_id for a in answers.context["cl"].result_list} == {mine.pk}
    url = reverse("admin:surveys_response_change", args=[other.pk])
    assert client.get(url).status_code in (302, 404)


def test_answers_and_token_hashes_are_read_only(client_for, admin_user, cluster_a):
    response = respond(standard_campaign(cluster_a))
    client = client_for(admin_user)
    answer = response.answers.first()
    page = client.get(reverse("admin:surveys_answer_change", args=[answer.pk]))
    assert page.status_code == 200
    assert 'name="number"' not in page.content.decode()
    invitation = client.get(
        reverse("admin:surveys_invitation_change", args=[response.invitation_id])
    )
    body = invitation.content.decode()
    assert response.invitation.token_hash in body  # shown
    assert 'name="token_hash"' not in body  # never editable
    assert client.get(reverse("admin:surveys_answer_add")).status_code == 403
