"""Every URL of S2 (the views in ``surveys.views.campaigns``), for an anonymous visitor
and for the manager of another cluster: generated from the URL conf, so a new campaign
URL cannot escape the matrix. Nothing must change for either of them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys import urls
from surveys.models import Campaign, Mail, Suppression
from surveys.views import campaigns as views
from tests.factories import InvitationFactory
from tests.surveys.campaign_support import draft, members

pytestmark = pytest.mark.django_db

LOGIN = 302
# name -> (arguments, status for the manager of another cluster, status for anonymous)
EXPECTED = {
    "campaign_list": ((), 200, LOGIN),
    "campaign_create": ((), 200, LOGIN),
    "campaign_detail": (("launched",), 404, LOGIN),
    "campaign_edit": (("draft",), 404, LOGIN),
    "campaign_preview": (("draft",), 404, LOGIN),
    "campaign_recipients": (("draft",), 404, LOGIN),
    "campaign_close": (("launched",), 404, LOGIN),
    "invitation_resend": (("launched", "invitation"), 404, LOGIN),
    "suppression_list": ((), 200, LOGIN),
    "unsubscribe": (("token",), 200, 200),  # the link is the credential: no log-in
}
POST = {"campaign_recipients", "campaign_close", "invitation_resend", "suppression_list"}


def s2_names():
    return {p.name for p in urls.urlpatterns if p.callback.__module__ == views.__name__}


def test_every_s2_url_is_in_the_matrix():
    assert s2_names() == set(EXPECTED)


@pytest.fixture
def objects(cluster_a):
    members(cluster_a, 2)
    launched = draft(cluster_a, launched_at=timezone.now())
    invitation = InvitationFactory(campaign=launched)
    return {
        "draft": draft(cluster_a),
        "launched": launched,
        "invitation": invitation,
        "token": invitation.token,
    }


def _url(name, objects):
    args = [getattr(objects[key], "pk", objects[key]) for key in EXPECTED[name][0]]
    return reverse(f"surveys:{name}", args=args)


def _nothing_changed(objects):
    assert not Campaign.objects.filter(pk=objects["draft"].pk, launched_at__isnull=False).exists()
    assert not Campaign.objects.filter(closed_at__isnull=False).exists()
    assert not Mail.objects.exists()
    assert not Suppression.objects.exists()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_manager_of_another_cluster(client_for, manager_b, objects, name):
    client = client_for(manager_b)
    response = (
        client.get(_url(name, objects))
        if name not in {"campaign_close", "invitation_resend"}
        else None
    )
    if response is not None:
        assert response.status_code == EXPECTED[name][1]
    if name in POST and name != "suppression_list":
        assert client.post(_url(name, objects)).status_code == EXPECTED[name][1]
    _nothing_changed(objects)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_anonymous_visitor(client, objects, name):
    response = (
        client.get(_url(name, objects))
        if name not in {"campaign_close", "invitation_resend"}
        else client.post(_url(name, objects))
    )
    assert response.status_code == EXPECTED[name][2]
    if response.status_code == LOGIN:
        assert response.url.startswith(reverse("account_login"))
    _nothing_changed(objects)
