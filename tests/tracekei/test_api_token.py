"""A user creates their own API token; it authenticates the API with their scope."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import MemberFactory


@pytest.mark.django_db
def test_token_is_shown_once_and_works_with_the_users_scope(
    client, client_for, manager_a, cluster_a, cluster_b
):
    MemberFactory(cluster=cluster_a, name="Mine Srl")
    MemberFactory(cluster=cluster_b, name="Theirs Kft")
    browser = client_for(manager_a)
    page = browser.post(reverse("accounts:api_token"), follow=True)
    token = Token.objects.get(user=manager_a)
    assert token.key in page.content.decode()
    assert token.key not in browser.get(reverse("accounts:api_token")).content.decode()

    browser.logout()
    response = client.get("/api/members/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    names = [member["name"] for member in response.json()["results"]]
    assert names == ["Mine Srl"]


@pytest.mark.django_db
def test_replacing_the_token_revokes_the_old_one(client, client_for, manager_a):
    browser = client_for(manager_a)
    browser.post(reverse("accounts:api_token"))
    old = Token.objects.get(user=manager_a).key
    browser.post(reverse("accounts:api_token"))
    new = Token.objects.get(user=manager_a).key
    assert new != old
    browser.logout()
    refused = client.get("/api/members/", HTTP_AUTHORIZATION=f"Token {old}")
    assert refused.status_code == 403  # DRF says 403 when session auth comes first
    assert refused.json() == {"detail": "Invalid token."}
    assert client.get("/api/members/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
