"""The writes that bypass the model signals record one bulk entry each; a survey
respondent's saved pages are recorded on the response."""

import pytest

from clusters import services as cluster_services
from clusters.models import Member
from surveys import campaigns as campaign_services
from surveys.models import Invitation
from tests.clusters.test_member_io import GOOD_ROWS, HEADER, csv_upload, sectors  # noqa: F401
from tests.factories import CampaignFactory, InvitationFactory, make_answer_questionnaire
from tests.surveys.campaign_support import draft, members
from tests.surveys.test_answering import PAGE_ONE_FULL, consent, fresh_failure_counter, post  # noqa: F401
from tests.surveys.test_campaigns import EVERYONE
from tracekei import audit
from tracekei.audit.models import Entry

pytestmark = pytest.mark.django_db


def bulk_entries(model_name):
    return Entry.objects.filter(action="bulk", content_type__model=model_name)


def test_campaign_launch_records_one_bulk_entry(manager_a, cluster_a, eager_tasks):
    campaign = draft(cluster_a)
    members(cluster_a, 4)
    with audit.acting_as(manager_a):
        sent = campaign_services.campaign_launch(
            actor=manager_a, campaign=campaign, chosen=EVERYONE
        )
    assert sent == 4 == Invitation.objects.filter(campaign=campaign).count()
    (entry,) = bulk_entries("invitation")
    assert entry.changes["rows"] == [None, 4]
    assert entry.cluster_id == cluster_a.pk and entry.actor == manager_a


def test_member_file_records_each_member_and_one_bulk_entry(manager_a, cluster_a, sectors):  # noqa: F811
    member_import, _parsed = cluster_services.member_import_preview(
        actor=manager_a, cluster=cluster_a, uploaded_file=csv_upload([HEADER, *GOOD_ROWS])
    )
    created = cluster_services.member_import_apply(actor=manager_a, member_import=member_import)
    (entry,) = bulk_entries("member")
    assert entry.changes["rows"] == [None, created]
    assert entry.cluster_id == cluster_a.pk
    creates = Entry.objects.filter(action="create", content_type__model="member")
    assert creates.count() == created == Member.objects.filter(cluster=cluster_a).count()


def test_a_saved_survey_page_is_recorded_on_the_response(client, cluster_a, member_a):
    questionnaire = make_answer_questionnaire(cluster_a.project)
    campaign = CampaignFactory(cluster=cluster_a, questionnaire=questionnaire)
    invitation = InvitationFactory(campaign=campaign, member=member_a, language="en")
    consent(client, invitation)
    post(client, invitation, "page/1/", {**PAGE_ONE_FULL, "action": "next"})
    response_entries = Entry.objects.filter(content_type__model="response").order_by("pk")
    assert [e.action for e in response_entries] == ["create", "change"]
    page_saved = response_entries.last()
    assert "updated_at" in page_saved.changes and "last_section" in page_saved.changes
    assert page_saved.actor_label == "anonymous" and page_saved.cluster_id == cluster_a.pk
