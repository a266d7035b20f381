"""Signing in: by e-mail, deny by default, invitation-only, allauth's rate limits."""

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/clusters/", "/members/", "/clusters/alpha/"])
def test_pages_need_a_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_an_anonymous_visitor_of_the_home_lands_on_the_public_site(client, manager_a):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("dissemination:public_home")
    client.force_login(manager_a, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/members/", "/api/clusters/", "/api/schema/", "/api/docs/"])
def test_api_needs_authentication(client, path):
    assert client.get(path).status_code == 403


@pytest.mark.django_db
def test_sign_in_by_email_in_any_case(client, manager_a):
    response = client.post(
        reverse("account_login"), {"login": "MANAGER.A@portal.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, manager_a):
    response = client.post(
        reverse("account_login"), {"login": "manager.a@portal.example", "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_nobody_can_sign_up(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert b"Sign Up Closed" in response.content
    assert b'name="password1"' not in response.content


@pytest.mark.django_db
def test_unverified_email_cannot_sign_in(client, manager_a):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=manager_a).update(verified=False)
    client.post(reverse("account_login"), {"login": manager_a.email, "password": PASSWORD})
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_login_attempts_are_rate_limited(client, manager_a):
    from django.core.cache import cache

    cache.clear()
    limited = "Too many failed login attempts"
    with override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip,3/5m/key"}):
        pages = [
            client.post(
                reverse("account_login"), {"login": manager_a.email, "password": "wrong"}
            ).content.decode()
            for _ in range(4)
        ]
        # Even the right password is refused while the limit holds.
        client.post(reverse("account_login"), {"login": manager_a.email, "password": PASSWORD})
        assert client.get(reverse("dashboard")).status_code == 302
    cache.clear()
    assert [limited in page for page in pages] == [False, False, False, True]


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    login = client.get(response.url)
    assert login.status_code == 302
    assert login.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_password_reset_sends_a_mail(client, manager_a, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": manager_a.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [manager_a.email]
