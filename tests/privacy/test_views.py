"""The privacy pages: the public notice, a contact's data, the erasure."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Privacy notice"), ("it", "Informativa sulla privacy")]
)
def test_the_notice_is_public_in_the_portal_languages(client, project, language, heading):
    response = client.get(reverse("privacy:notice"), {"language": language})
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert "730" in page  # the retention period, read from the setting
    assert project.acronym in page


def test_the_notice_names_the_coordinator_and_follows_the_setting(
    client, project, cluster_a, settings
):
    project.coordinator_cluster = cluster_a
    project.save()
    settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS = 365
    settings.PRIVACY_CONTACT_EMAIL = "privacy@dare.example"
    page = client.get(reverse("privacy:notice")).content.decode()
    assert project.coordinator_cluster.legal_name in page
    assert "365 days" in page
    assert "mailto:privacy@dare.example" in page


def test_every_page_links_the_notice(client_for, manager_a):
    page = client_for(manager_a).get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("privacy:notice")}"' in page


def test_the_contact_data_page_and_its_json(client_for, giulia, laszlo, coordinator):
    client = client_for(coordinator)
    page = client.get(reverse("privacy:member_data", args=[giulia.member.pk]))
    assert page.status_code == 200
    assert "Giulia Verdi" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    response = client.get(reverse("privacy:member_data_json", args=[giulia.member.pk]))
    data = json.loads(response.content)
    assert data["member"]["contact_email"] == "giulia.verdi@sme.example"
    assert "attachment" in response["Content-Disposition"]
    # The coordinator answers for every cluster of the project.
    assert client.get(reverse("privacy:member_data", args=[laszlo.member.pk])).status_code == 200


def test_a_manager_gets_no_export_even_of_their_own_member(client_for, giulia, laszlo, manager_a):
    """The export joins the contact to their answers in anonymous campaigns and finds them
    by address in other clusters' campaigns: the coordinator answers access requests."""
    client = client_for(manager_a)
    assert client.get(reverse("privacy:member_data", args=[giulia.member.pk])).status_code == 403
    json_url = reverse("privacy:member_data_json", args=[giulia.member.pk])
    assert client.get(json_url).status_code == 403
    assert client.get(reverse("privacy:member_data", args=[laszlo.member.pk])).status_code == 404


def test_the_member_page_links_the_contact_data_for_those_who_may_see_it(
    client_for, giulia, coordinator, manager_a, viewer_a
):
    url = reverse("privacy:member_data", args=[giulia.member.pk])
    member_page = reverse("clusters:member_detail", args=[giulia.member.pk])
    assert f'href="{url}"' in client_for(coordinator).get(member_page).content.decode()
    for user in (manager_a, viewer_a):
        assert f'href="{url}"' not in client_for(user).get(member_page).content.decode()


def test_erasure_confirm_and_post(client_for, giulia, coordinator):
    client = client_for(coordinator)
    url = reverse("privacy:member_erase", args=[giulia.member.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "giulia.verdi@sme.example" in page.content.decode()

    refused = client.post(url, {"reason": "asked"})  # not confirmed
    assert refused.status_code == 200
    assert "confirm" in refused.context["form"].errors
    giulia.member.refresh_from_db()
    assert giulia.member.contact_name == "Giulia Verdi"

    done = client.post(url, {"reason": "asked by e-mail", "confirm": "on"})
    assert done.status_code == 302
    giulia.member.refresh_from_db()
    assert giulia.member.contact_name == f"Erased contact #{giulia.member.pk}"


@pytest.mark.parametrize(
    ("role", "status"), [("manager_a", 403), ("viewer_a", 403), ("manager_b", 404)]
)
def test_erasure_is_refused_to_others(client_for, giulia, request, role, status):
    client = client_for(request.getfixturevalue(role))
    url = reverse("privacy:member_erase", args=[giulia.member.pk])
    response = client.post(url, {"reason": "asked", "confirm": "on"})
    assert response.status_code == status
    giulia.member.refresh_from_db()
    assert giulia.member.contact_name == "Giulia Verdi"


def test_the_viewer_cannot_export(client_for, giulia, viewer_a):
    client = client_for(viewer_a)
    assert client.get(reverse("privacy:member_data", args=[giulia.member.pk])).status_code == 403


def test_the_notice_follows_the_browser_language(client, project):
    response = client.get(reverse("privacy:notice"), headers={"accept-language": "de"})
    assert "<h1>Datenschutzhinweis</h1>" in response.content.decode()


def test_the_contact_data_page_queries_do_not_grow_with_the_data(
    client_for, giulia, coordinator, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import InvitationFactory, ResponseFactory, ServiceDeliveryFactory

    client = client_for(coordinator)
    url = reverse("privacy:member_data", args=[giulia.member.pk])
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for number in range(3):
        ServiceDeliveryFactory(
            service__cluster=giulia.member.cluster,
            member=giulia.member,
            outcome=f"Delivery {number}",
        )
        invitation = InvitationFactory(
            campaign__cluster=giulia.member.cluster,
            member=giulia.member,
            email=giulia.email,
            status="completed",
        )
        ResponseFactory(invitation=invitation)
    with django_assert_num_queries(len(small)):
        assert client.get(url).status_code == 200
