"""The campaign pages make the same number of SQL queries with few rows as with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys.models import Mail, MailKind, Suppression
from tests.factories import InvitationFactory
from tests.surveys.campaign_support import draft

pytestmark = pytest.mark.django_db


def add_campaigns(cluster, count, invitations_each):
    campaigns = []
    for number in range(count):
        campaign = draft(cluster, title=f"{cluster.slug} {number}", launched_at=timezone.now())
        for status in ["sent", "completed", "failed"][:invitations_each]:
            invitation = InvitationFactory(campaign=campaign, status=status)
            Mail.objects.create(invitation=invitation, kind=MailKind.INVITATION, status="sent")
        campaigns.append(campaign)
    return campaigns


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_campaign_list_queries_do_not_grow(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    add_campaigns(cluster_a, 1, 1)
    few = count_queries(client, "/surveys/campaigns/")
    add_campaigns(cluster_a, 20, 3)
    many = count_queries(client, "/surveys/campaigns/")
    assert few == many


@pytest.mark.parametrize("query", ["", "?status=waiting", "?status=failed"])
def test_campaign_detail_queries_do_not_grow(client_for, manager_a, cluster_a, query):
    client = client_for(manager_a)
    (campaign,) = add_campaigns(cluster_a, 1, 3)
    few = count_queries(client, f"/surveys/campaigns/{campaign.pk}/{query}")
    for _ in range(15):
        invitation = InvitationFactory(campaign=campaign, status="failed", failure_reason="550")
        Mail.objects.create(invitation=invitation, kind=MailKind.INVITATION, status="failed")
        Mail.objects.create(invitation=invitation, kind=MailKind.RESEND, number=1)
    many = count_queries(client, f"/surveys/campaigns/{campaign.pk}/{query}")
    assert few == many


def test_suppression_list_queries_do_not_grow(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    Suppression.objects.create(project=cluster_a.project, email="a@x.example", reason="bounced")
    few = count_queries(client, "/surveys/suppressions/")
    for number in range(30):
        Suppression.objects.create(
            project=cluster_a.project,
            email=f"b{number}@x.example",
            reason="opted_out",
            campaign=draft(cluster_a) if number % 10 == 0 else None,
        )
    many = count_queries(client, "/surveys/suppressions/")
    assert few == many


def test_recipients_page_queries_do_not_grow(client_for, manager_a, cluster_a):
    from tests.surveys.campaign_support import members

    client = client_for(manager_a)
    campaign = draft(cluster_a)
    members(cluster_a, 2)
    few = count_queries(client, f"/surveys/campaigns/{campaign.pk}/recipients/")
    for member in members(cluster_a, 30, prefix="more")[:10]:
        Suppression.objects.create(
            project=cluster_a.project, email=member.contact_email, reason="bounced"
        )
    many = count_queries(client, f"/surveys/campaigns/{campaign.pk}/recipients/")
    assert few == many
