"""A coordinator invites a manager by e-mail; the link sets the password, once."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from clusters.models import Invitation, RoleAssignment
from tracekei.accounts.models import User

LINK = re.compile(r"https?://\S+/invitation/\S+/\S+/")


def invite(client, cluster, email, role="manager", language="en"):
    return client.post(
        reverse("clusters:invitation_create", args=[cluster.slug]),
        {"email": email, "full_name": "Nora New", "role": role, "language": language},
    )


@pytest.mark.django_db
def test_invited_manager_sets_password_and_sees_only_that_cluster(
    client_for,
    client,
    coordinator,
    cluster_a,
    cluster_b,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client_for(coordinator), cluster_a, "Nora.New@Member.example")
    assert response.status_code == 302
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert notices == ["An invitation was sent to nora.new@member.example."]

    user = User.objects.get(email="nora.new@member.example")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, cluster=cluster_a, role="manager").exists()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nora.new@member.example"]
    link = LINK.search(mail.outbox[0].body).group(0)
    path = link.split("127.0.0.1:8000", 1)[-1]
    assert Invitation.objects.get(user=user).sent_at is not None

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert b"Choose a password" in page.content

    mismatch = client.post(path, {"password1": "a-long-pass-123", "password2": "other-pass-456"})
    assert mismatch.status_code == 200
    assert "The two passwords differ." in mismatch.content.decode()

    accepted = client.post(
        path, {"password1": "Brussels-report-2026", "password2": "Brussels-report-2026"}
    )
    assert accepted.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brussels-report-2026")
    assert EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get(user=user).accepted_at is not None

    clusters_response = client.get(reverse("clusters:list"))
    assert clusters_response.status_code == 200, clusters_response.get("Location")
    clusters_page = clusters_response.content.decode()
    assert cluster_a.acronym in clusters_page
    assert cluster_b.acronym not in clusters_page

    client.logout()
    reused = client.get(path)
    assert reused.status_code == 400
    assert b"no longer works" in reused.content


@pytest.mark.django_db
def test_the_invited_manager_can_sign_in_with_email_and_password(client, coordinator, cluster_a):
    from clusters import services

    invitation = services.invitation_send(actor=coordinator, cluster=cluster_a, email="x@y.example")
    services.invitation_accept(invitation=invitation, password="Brussels-report-2026")
    response = client.post(
        reverse("account_login"), {"login": "X@Y.example", "password": "Brussels-report-2026"}
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


@pytest.mark.django_db
def test_managers_cannot_invite(client_for, manager_a, cluster_a):
    response = invite(client_for(manager_a), cluster_a, "someone@else.example")
    assert response.status_code == 403
    assert not User.objects.filter(email="someone@else.example").exists()


@pytest.mark.django_db
def test_inviting_the_same_person_twice_is_a_form_error(client_for, coordinator, cluster_a):
    client = client_for(coordinator)
    invite(client, cluster_a, "twice@member.example")
    response = invite(client, cluster_a, "twice@member.example")
    assert response.status_code == 200
    assert "already has a role in" in response.content.decode()
    assert Invitation.objects.filter(email="twice@member.example").count() == 1


@pytest.mark.django_db
def test_tampered_link_is_refused(client, coordinator, cluster_a):
    from clusters import services

    invitation = services.invitation_send(actor=coordinator, cluster=cluster_a, email="t@t.example")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(invitation.user.pk))
    response = client.get(reverse("clusters:invitation_accept", args=[uid, "bad-token"]))
    assert response.status_code == 400


@pytest.mark.django_db
def test_send_invitation_task_is_safe_to_run_twice(coordinator, cluster_a):
    from clusters import services
    from clusters.tasks import send_invitation

    invitation = services.invitation_send(actor=coordinator, cluster=cluster_a, email="o@o.example")
    assert send_invitation(invitation.pk) is True
    assert send_invitation(invitation.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_invitation_is_written_in_the_chosen_language(
    client_for, client, coordinator, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    from django.conf import settings
    from django.utils import translation

    with django_capture_on_commit_callbacks(execute=True):
        invite(client_for(coordinator), cluster_a, "giulia@member.example", language="it")
    with translation.override("it"):
        expected_subject = translation.gettext("[%(portal)s] You are invited to %(cluster)s") % {
            "portal": "TRACE-KEI",
            "cluster": cluster_a,
        }
        expected_line = translation.gettext(
            "Choose your password here (the link works once and expires in three days):"
        )
    assert "You are invited" not in expected_subject  # the catalogue really is Italian
    assert mail.outbox[0].subject == expected_subject
    assert expected_line in mail.outbox[0].body

    path = LINK.search(mail.outbox[0].body).group(0).split("127.0.0.1:8000", 1)[-1]
    client.logout()
    accepted = client.post(
        path, {"password1": "Bari-agrifood-2026", "password2": "Bari-agrifood-2026"}
    )
    assert accepted.status_code == 302
    assert accepted.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"
    assert '<html lang="it">' in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_a_coordinator_of_another_project_cannot_invite_here(client_for, cluster_a):
    from tests.factories import ProjectFactory, make_coordinator

    other = ProjectFactory(acronym="OTHER")
    outsider = make_coordinator(other, email="other.coordinator@portal.example")
    RoleAssignment.objects.create(user=outsider, role="viewer", cluster=cluster_a)

    page = client_for(outsider).get(reverse("clusters:detail", args=[cluster_a.slug]))
    assert page.status_code == 200  # a viewer of the cluster...
    assert reverse("clusters:invitation_create", args=[cluster_a.slug]) not in page.content.decode()
    response = invite(client_for(outsider), cluster_a, "accomplice@else.example")
    assert response.status_code == 403  # ...but not its coordinator
    assert not RoleAssignment.objects.filter(user__email="accomplice@else.example").exists()


@pytest.mark.django_db
def test_a_deactivated_account_cannot_come_back_through_its_link(
    client, coordinator, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    from clusters import services

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(
            actor=coordinator, cluster=cluster_a, email="gone@member.example"
        )
    path = LINK.search(mail.outbox[0].body).group(0).split("127.0.0.1:8000", 1)[-1]
    User.objects.filter(pk=invitation.user_id).update(is_active=False)

    response = client.post(path, {"password1": "Come-back-2026", "password2": "Come-back-2026"})

    assert response.status_code == 400
    user = User.objects.get(pk=invitation.user_id)
    assert user.is_active is False
    assert not user.has_usable_password()
    assert client.get(reverse("dashboard")).status_code == 302
