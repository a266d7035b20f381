"""Two-factor log-in (allauth.mfa): enrolling an authenticator app, signing in with it, and
the coordinator's requirement for coordinators and admins."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from tests.factories import PASSWORD, ProjectFactory, UserFactory, make_coordinator
from tracekei.security import services
from tracekei.security.models import TwoFactorPolicy

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def tolerant_totp(settings):
    # One period of tolerance: a code made just before a 30-second boundary still counts.
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()  # allauth remembers used codes in the cache
    yield
    cache.clear()


def code_for(secret: str) -> str:
    """What the user's authenticator app shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def confirm_password(client, user):
    """allauth asks for the password again before a second factor is added."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def require_two_factor(project, actor):
    services.two_factor_policy_set(actor=actor, project=project, required=True)


def test_a_user_enrols_an_authenticator_app(client, manager_a):
    sign_in(client, manager_a)
    assert client.get(reverse("mfa_activate_totp")).url.startswith(
        reverse("account_reauthenticate")
    )
    confirm_password(client, manager_a)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert b"data:image/svg+xml;base64," in page.content  # the QR code, as an image
    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200
    assert not Authenticator.objects.filter(user=manager_a).exists()
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=manager_a, type=Authenticator.Type.TOTP).exists()


def test_signing_in_asks_for_the_code_once_enrolled(client, manager_a):
    TOTP.activate(manager_a, SECRET)
    response = sign_in(client, manager_a)
    assert response.url == reverse("mfa_authenticate")
    # Password alone is not enough.
    assert client.get("/clusters/").status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200
    assert client.get("/clusters/").status_code == 302
    right = client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert right.status_code == 302
    assert client.get("/clusters/").status_code == 200


def test_the_admin_log_in_asks_for_the_code_too(client):
    admin = UserFactory(email="root@portal.example", is_staff=True, is_superuser=True)
    TOTP.activate(admin, SECRET)
    login = client.get("/admin/", follow=True)
    assert login.request["PATH_INFO"] == reverse("account_login")
    response = sign_in(client, admin)
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": code_for(SECRET)})
    assert client.get("/admin/").status_code == 200


def test_required_two_factor_sends_a_coordinator_to_set_it_up(client, coordinator, project):
    require_two_factor(project, coordinator)
    sign_in(client, coordinator)
    response = client.get("/clusters/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    page = client.get(response.url, follow=True)
    assert page.status_code == 200
    assert "Set up an authenticator app to continue" in page.content.decode()
    confirm_password(client, coordinator)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    # The API says so too, rather than redirecting a script to a page.
    api = client.get("/api/clusters/")
    assert api.status_code == 403
    assert "two factors" in api.json()["detail"]
    # Signing out stays possible.
    assert client.post(reverse("account_logout")).status_code == 302


def test_once_enrolled_the_coordinator_uses_the_portal(client, coordinator, project):
    require_two_factor(project, coordinator)
    sign_in(client, coordinator)
    confirm_password(client, coordinator)
    page = client.get(reverse("mfa_activate_totp"))
    client.post(reverse("mfa_activate_totp"), {"code": code_for(page.context["form"].secret)})
    assert client.get("/clusters/").status_code == 200


def test_admins_are_held_to_it_as_soon_as_a_project_requires_it(client, coordinator, project):
    admin = UserFactory(email="root@portal.example", is_staff=True, is_superuser=True)
    sign_in(client, admin)
    assert client.get("/clusters/").status_code == 200
    require_two_factor(project, coordinator)
    assert client.get("/clusters/").url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("who", ["manager_a", "viewer_a"])
def test_managers_and_viewers_are_not_forced(client, request, coordinator, project, who):
    user = request.getfixturevalue(who)
    require_two_factor(project, coordinator)
    sign_in(client, user)
    assert client.get("/clusters/").status_code == 200


def test_another_projects_requirement_does_not_hold_this_coordinator(client, coordinator):
    other = ProjectFactory(acronym="OTHER")
    other_coordinator = make_coordinator(other, email="other.coordinator@portal.example")
    require_two_factor(other, other_coordinator)
    sign_in(client, coordinator)
    assert client.get("/clusters/").status_code == 200


def test_the_coordinator_switches_the_requirement_on_in_the_portal(
    client_for, coordinator, project
):
    client = client_for(coordinator)
    page = client.get(reverse("security:settings"))
    assert page.status_code == 200
    assert "require two-factor log-in for coordinators and admins" in page.content.decode().lower()
    response = client.post(
        reverse("security:settings"),
        {"project": project.pk, f"p{project.pk}-required_for_coordinators": "on"},
    )
    assert response.status_code == 302
    policy = TwoFactorPolicy.objects.get(project=project)
    assert policy.required_for_coordinators is True
    assert policy.changed_by == coordinator
    # From the next request on, the coordinator is sent to set it up.
    assert client.get("/clusters/").url == reverse("mfa_activate_totp")


def test_a_manager_cannot_change_the_requirement(client_for, manager_a, project):
    client = client_for(manager_a)
    page = client.get(reverse("security:settings"))
    assert page.status_code == 200
    assert "Requirements of" not in page.content.decode()
    response = client.post(
        reverse("security:settings"),
        {"project": project.pk, f"p{project.pk}-required_for_coordinators": "on"},
    )
    assert response.status_code == 404
    assert not TwoFactorPolicy.objects.filter(project=project).exists()


def test_a_coordinator_cannot_change_another_projects_requirement(client_for, coordinator):
    other = ProjectFactory(acronym="OTHER")
    response = client_for(coordinator).post(
        reverse("security:settings"),
        {"project": other.pk, f"p{other.pk}-required_for_coordinators": "on"},
    )
    assert response.status_code == 404
    assert not TwoFactorPolicy.objects.filter(project=other).exists()


def test_the_service_refuses_someone_who_does_not_coordinate_the_project(manager_a, project):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.two_factor_policy_set(actor=manager_a, project=project, required=True)
