"""Campaign services and pages (S2): drafts, recipients, launch, resend, close,
suppression list, unsubscribe, isolation."""

import datetime as dt

import pytest
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from surveys import campaigns as services
from surveys import mail
from surveys.models import (
    Campaign,
    Invitation,
    InvitationStatus,
    Mail,
    MailKind,
    MailStatus,
    Suppression,
    SuppressionReason,
)
from surveys.tokens import hash_token
from tests.factories import (
    InvitationFactory,
    MemberFactory,
    QuestionnaireFactory,
    SectorFactory,
    make_manager,
)
from tests.surveys.campaign_support import draft, members

pytestmark = pytest.mark.django_db

EVERYONE = services.RecipientFilter(member_types=[], sectors=[], consent_only=True)


def form_data(questionnaire, cluster, **overrides):
    today = timezone.localdate()
    data = {
        "cluster": cluster.pk,
        "questionnaire": questionnaire.pk,
        "title": "Members' satisfaction 2017",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=30)).isoformat(),
        "anonymous": "on",
        "reminder_after_days": "7, 14",
        "max_reminders": "2",
        "subject_en": "{cluster}: how are we doing?",
        "body_en": "Dear {contact},\n{link}\nUntil {closes_on}.",
    }
    data.update(overrides)
    return data


# --- Drafts ---------------------------------------------------------------------------


def test_manager_creates_a_draft_with_the_default_texts(client_for, manager_a, cluster_a):
    questionnaire = QuestionnaireFactory(project=cluster_a.project)
    client = client_for(manager_a)
    page = client.get("/surveys/campaigns/new/")
    assert page.status_code == 200
    # Every language is pre-filled from Django's catalogues (English until translated).
    assert mail.default_body("it") in page.content.decode().replace("&#x27;", "'")
    response = client.post("/surveys/campaigns/new/", form_data(questionnaire, cluster_a))
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/campaigns/{campaign.pk}/"
    assert campaign.cluster == cluster_a
    assert campaign.launched_at is None
    assert campaign.reminder_after_days == [7, 14]
    assert campaign.invitation_subject["en"] == "{cluster}: how are we doing?"
    assert campaign.created_by == manager_a


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"body_en": "Hello {name}, {link}"}, "body_en", "Unknown placeholder: {name}"),
        ({"subject_it": "Ciao {nome}"}, "subject_it", "Unknown placeholder: {nome}"),
        ({"closes_on": "2017-01-01"}, "closes_on", "close on or after its opening day"),
        ({"title": ""}, "title", "This field is required"),
        ({"reminder_after_days": "7, x"}, "reminder_after_days", "Write whole days"),
        ({"reminder_after_days": "14, 7"}, "reminder_after_days", "increasing order"),
        ({"max_reminders": "1"}, "max_reminders", "allow at least that many"),
    ],
)
def test_draft_errors_are_shown_next_to_the_field_and_keep_the_input(
    client_for, manager_a, cluster_a, overrides, field, message
):
    questionnaire = QuestionnaireFactory(project=cluster_a.project)
    data = form_data(questionnaire, cluster_a, **overrides)
    response = client_for(manager_a).post("/surveys/campaigns/new/", data)
    assert response.status_code == 400
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert form["title"].value() == data["title"]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Campaign.objects.exists()


def test_questionnaire_of_another_cluster_is_refused(client_for, manager_a, cluster_a, cluster_b):
    theirs = QuestionnaireFactory(project=cluster_a.project, cluster=cluster_b)
    response = client_for(manager_a).post("/surveys/campaigns/new/", form_data(theirs, cluster_a))
    assert response.status_code == 400
    assert "questionnaire" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_own_and_consortium_questionnaires_are_offered(client_for, manager_a, cluster_a, cluster_b):
    consortium = QuestionnaireFactory(project=cluster_a.project)
    own = QuestionnaireFactory(project=cluster_a.project, cluster=cluster_a)
    other = QuestionnaireFactory(project=cluster_a.project, cluster=cluster_b)
    old = QuestionnaireFactory(project=cluster_a.project, is_current=False)
    page = client_for(manager_a).get("/surveys/campaigns/new/")
    offered = set(page.context["form"].fields["questionnaire"].queryset)
    assert offered == {consortium, own}
    assert other not in offered and old not in offered


def test_viewer_cannot_create_or_edit(client_for, viewer_a, cluster_a):
    campaign = draft(cluster_a)
    client = client_for(viewer_a)
    assert client.get("/surveys/campaigns/new/").status_code == 403
    assert client.get(f"/surveys/campaigns/{campaign.pk}/edit/").status_code == 403
    assert client.get(f"/surveys/campaigns/{campaign.pk}/").status_code == 200


def test_edit_a_draft(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a)
    data = form_data(campaign.questionnaire, cluster_a, title="Renamed")
    response = client_for(manager_a).post(f"/surveys/campaigns/{campaign.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    campaign.refresh_from_db()
    assert campaign.title == "Renamed"


def test_preview_renders_the_mail_for_a_member_and_language(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a, invitation_subject={"en": "Hi {member}", "it": "Ciao {member}"})
    (member,) = members(cluster_a, 1, preferred_language="it")
    response = client_for(manager_a).get(
        f"/surveys/campaigns/{campaign.pk}/preview/", {"member": member.pk, "language": "it"}
    )
    assert response.status_code == 200
    assert response.context["rendered"].subject == f"Ciao {member.name}"
    response = client_for(manager_a).get(
        f"/surveys/campaigns/{campaign.pk}/preview/", {"member": member.pk, "language": "en"}
    )
    assert response.context["rendered"].subject == f"Hi {member.name}"
    assert not Invitation.objects.exists()


# --- Recipients -----------------------------------------------------------------------


def test_default_recipients_have_consent_an_address_and_have_not_left(cluster_a, cluster_b):
    campaign = draft(cluster_a)
    chosen = members(cluster_a, 2)
    MemberFactory(cluster=cluster_a, survey_consent=False, contact_email="no@consent.example")
    MemberFactory(
        cluster=cluster_a,
        survey_consent=True,
        survey_consent_on=dt.date(2017, 1, 1),
        contact_email="",
    )
    MemberFactory(
        cluster=cluster_a,
        survey_consent=True,
        survey_consent_on=dt.date(2010, 1, 1),
        contact_email="left@member.example",
        joined_on=dt.date(2010, 1, 1),
        left_on=dt.date(2016, 1, 1),
    )
    members(cluster_b, 2, prefix="beta")
    picked = services.recipient_members(campaign=campaign, chosen=EVERYONE)
    assert set(picked) == set(chosen)
    everyone = services.RecipientFilter(member_types=[], sectors=[], consent_only=False)
    picked = set(services.recipient_members(campaign=campaign, chosen=everyone))
    assert {m.contact_email for m in picked} == {
        *(m.contact_email for m in chosen),
        "no@consent.example",
    }


def test_recipients_filter_by_type_and_sector(cluster_a):
    campaign = draft(cluster_a)
    agro, ict = SectorFactory(), SectorFactory()
    sme_agro, university_ict = members(cluster_a, 2)
    sme_agro.sectors.add(agro)
    university_ict.member_type = "university"
    university_ict.save()
    university_ict.sectors.add(ict)
    by_type = services.RecipientFilter(member_types=["university"], sectors=[], consent_only=True)
    assert list(services.recipient_members(campaign=campaign, chosen=by_type)) == [university_ict]
    by_sector = services.RecipientFilter(member_types=[], sectors=[agro.pk], consent_only=True)
    assert list(services.recipient_members(campaign=campaign, chosen=by_sector)) == [sme_agro]


def test_recipients_page_counts_and_shows_suppressed_with_reason(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a)
    _kept, suppressed = members(cluster_a, 2)
    Suppression.objects.create(
        project=cluster_a.project, email=suppressed.contact_email.upper(), reason="bounced"
    )
    response = client_for(manager_a).get(f"/surveys/campaigns/{campaign.pk}/recipients/")
    summary = response.context["summary"]
    assert summary["count"] == 1
    assert [row["name"] for row in summary["excluded"]] == [suppressed.name]
    assert summary["excluded"][0]["reason"] == "bounced"
    content = response.content.decode()
    assert "Bounced" in content and suppressed.contact_email in content
    assert "Send to 1 member" in content


# --- Launch ---------------------------------------------------------------------------


def test_launch_creates_invitations_with_unique_links_and_sends_them(
    client_for, manager_a, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    campaign = draft(cluster_a, invitation_subject={"en": "Survey", "it": "Questionario {member}"})
    italian = members(cluster_a, 1, prefix="rossi", preferred_language="it")[0]
    english = members(cluster_a, 2)
    suppressed = members(cluster_a, 1, prefix="gone")[0]
    Suppression.objects.create(
        project=cluster_a.project, email=suppressed.contact_email, reason="opted_out"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_a).post(
            f"/surveys/campaigns/{campaign.pk}/recipients/", {"consent_only": "on"}
        )
    assert response.status_code == 302
    invitations = list(Invitation.objects.filter(campaign=campaign))
    assert len(invitations) == 3
    assert suppressed.pk not in {i.member_id for i in invitations}
    assert len({i.token_hash for i in invitations}) == 3
    assert len({i.token_salt for i in invitations}) == 3
    assert all(i.status == InvitationStatus.SENT and i.sent_at for i in invitations)
    assert Mail.objects.filter(kind=MailKind.INVITATION, status=MailStatus.SENT).count() == 3
    assert len(outbox.outbox) == 3
    by_address = {message.to[0]: message for message in outbox.outbox}
    assert set(by_address) == {italian.contact_email, *(m.contact_email for m in english)}
    message = by_address[italian.contact_email]
    assert message.subject == f"Questionario {italian.name}"
    html = message.alternatives[0][0]
    assert '<html lang="it">' in html
    # The link in the e-mail is the one S1 looks up by hash.
    invitation = next(i for i in invitations if i.member_id == italian.pk)
    token = mail.invitation_token(invitation)
    assert hash_token(token) == invitation.token_hash
    assert f"/s/{token}/" in message.body
    assert f"/s/{token}/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    campaign.refresh_from_db()
    assert campaign.launched_at and campaign.launched_by == manager_a
    assert campaign.recipient_filter == {"member_types": [], "sectors": [], "consent_only": True}


def test_launch_twice_is_refused(manager_a, cluster_a, eager_tasks):
    campaign = draft(cluster_a)
    members(cluster_a, 1)
    services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    with pytest.raises(ValidationError):
        services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    assert Invitation.objects.count() == 1


def test_launch_without_recipients_says_so(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a)
    response = client_for(manager_a).post(
        f"/surveys/campaigns/{campaign.pk}/recipients/", {"consent_only": "on"}
    )
    assert response.status_code == 400
    assert "No recipient" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.launched_at is None


def test_launch_keeps_names_with_quotes_and_backslashes(manager_a, cluster_a):
    campaign = draft(cluster_a)
    (member,) = members(cluster_a, 1)
    member.name = "O'Brien \\ Söhne \\N GmbH"
    member.save()
    services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    invitation = Invitation.objects.get()
    assert invitation.name == "O'Brien \\ Söhne \\N GmbH"
    assert invitation.member == member and invitation.language == member.preferred_language
    assert invitation.status == InvitationStatus.QUEUED and invitation.created_at
    assert Mail.objects.get().invitation == invitation


def test_shared_address_is_invited_once(manager_a, cluster_a, eager_tasks):
    campaign = draft(cluster_a)
    MemberFactory(
        cluster=cluster_a,
        survey_consent=True,
        survey_consent_on=dt.date(2017, 1, 1),
        contact_email="Same@Member.example",
    )
    MemberFactory(
        cluster=cluster_a,
        survey_consent=True,
        survey_consent_on=dt.date(2017, 1, 1),
        contact_email="same@member.example",
    )
    assert services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE) == 1


def test_launch_makes_the_same_number_of_queries_at_any_size(
    manager_a, cluster_a, cluster_b, settings
):
    """The sending is queued after commit, not done inside the launch (no callbacks run
    here); the launch itself is a fixed number of queries: 3 recipients or 40."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SURVEY_MAIL_CHUNK = 1000
    counts = []
    for cluster, size in ((cluster_a, 3), (cluster_b, 40)):
        campaign = draft(cluster)
        members(cluster, size)
        manager = manager_a if cluster == cluster_a else make_manager(cluster)
        with CaptureQueriesContext(connection) as captured:
            services.campaign_launch(actor=manager, campaign=campaign, chosen=EVERYONE)
        assert campaign.invitations.count() == size
        assert Mail.objects.filter(invitation__campaign=campaign).count() == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= 10


# --- Resend, close --------------------------------------------------------------------


def test_resend_queues_a_new_mail_with_the_same_link(
    client_for, manager_a, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    campaign = draft(cluster_a)
    members(cluster_a, 1)
    url = "/surveys/campaigns/{}/invitations/{}/resend/"
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_launch(actor=manager_a, campaign=campaign, chosen=EVERYONE)
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_a).post(url.format(campaign.pk, invitation.pk))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager_a).post(url.format(campaign.pk, invitation.pk))
    resends = Mail.objects.filter(kind=MailKind.RESEND).order_by("number")
    assert [(m.number, m.status) for m in resends] == [(1, "sent"), (2, "sent")]
    assert len(outbox.outbox) == 3
    token = mail.invitation_token(invitation)
    assert all(f"/s/{token}/" in message.body for message in outbox.outbox)


def test_resend_refused_to_a_respondent(manager_a, cluster_a):
    invitation = InvitationFactory(campaign=draft(cluster_a), status="completed")
    Campaign.objects.filter(pk=invitation.campaign_id).update(launched_at=timezone.now())
    invitation.refresh_from_db()
    with pytest.raises(ValidationError):
        services.invitation_resend(actor=manager_a, invitation=invitation)


def test_close_early_stops_the_campaign(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a, launched_at=timezone.now())
    invitation = InvitationFactory(campaign=campaign, status="queued")
    queued = Mail.objects.create(invitation=invitation, kind=MailKind.INVITATION)
    response = client_for(manager_a).post(f"/surveys/campaigns/{campaign.pk}/close/")
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.closed_at is not None
    assert services.campaign_state(campaign) == services.CLOSED
    queued.refresh_from_db()
    assert queued.status == MailStatus.FAILED


# --- Live list ------------------------------------------------------------------------


def test_detail_counts_statuses_filters_and_shows_failure_reasons(client_for, manager_a, cluster_a):
    campaign = draft(cluster_a, launched_at=timezone.now())
    InvitationFactory(campaign=campaign, status="completed", name="Done Srl")
    InvitationFactory(campaign=campaign, status="sent", name="Waiting Srl")
    InvitationFactory(
        campaign=campaign, status="failed", name="Broken Srl", failure_reason="550 No such user"
    )
    client = client_for(manager_a)
    response = client.get(f"/surveys/campaigns/{campaign.pk}/")
    assert response.context["total"] == 3
    assert response.context["waiting"] == 2
    assert {v: n for v, _l, n in response.context["counts"]}["completed"] == 1
    assert "550 No such user" in response.content.decode()
    waiting = client.get(f"/surveys/campaigns/{campaign.pk}/", {"status": "waiting"})
    names = {invitation.name for invitation in waiting.context["page"]}
    assert names == {"Waiting Srl", "Broken Srl"}
    failed = client.get(f"/surveys/campaigns/{campaign.pk}/", {"status": "failed"})
    assert [i.name for i in failed.context["page"]] == ["Broken Srl"]


def test_list_shows_the_users_campaigns_with_response_rate(
    client_for, manager_a, cluster_a, cluster_b
):
    mine = draft(cluster_a, launched_at=timezone.now(), title="Mine")
    InvitationFactory(campaign=mine, status="completed")
    InvitationFactory(campaign=mine, status="sent")
    draft(cluster_b, title="Theirs")
    response = client_for(manager_a).get("/surveys/campaigns/")
    rows = list(response.context["page"])
    assert [c.title for c in rows] == ["Mine"]
    assert rows[0].rate == 50 and rows[0].state == services.OPEN
    assert "Theirs" not in response.content.decode()


# --- Isolation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", "edit/"),
        ("get", "preview/"),
        ("get", "recipients/"),
        ("post", "recipients/"),
        ("post", "close/"),
    ],
)
def test_manager_of_b_gets_404_on_a_campaign(client_for, manager_b, cluster_a, method, suffix):
    campaign = draft(cluster_a)
    members(cluster_a, 1)
    response = getattr(client_for(manager_b), method)(f"/surveys/campaigns/{campaign.pk}/{suffix}")
    assert response.status_code == 404
    campaign.refresh_from_db()
    assert campaign.launched_at is None and campaign.closed_at is None


def test_manager_of_b_cannot_resend_a_invitation(client_for, manager_b, cluster_a):
    invitation = InvitationFactory(campaign=draft(cluster_a, launched_at=timezone.now()))
    response = client_for(manager_b).post(
        f"/surveys/campaigns/{invitation.campaign_id}/invitations/{invitation.pk}/resend/"
    )
    assert response.status_code == 404
    assert not Mail.objects.exists()


def test_services_refuse_another_clusters_campaign(manager_b, cluster_a):
    campaign = draft(cluster_a)
    with pytest.raises(PermissionDenied):
        services.campaign_launch(actor=manager_b, campaign=campaign, chosen=EVERYONE)
    with pytest.raises(PermissionDenied):
        services.campaign_close(actor=manager_b, campaign=campaign)


def test_coordinator_sees_every_clusters_campaigns(client_for, coordinator, cluster_a, cluster_b):
    draft(cluster_a, title="Alpha survey")
    draft(cluster_b, title="Beta survey")
    response = client_for(coordinator).get("/surveys/campaigns/")
    assert {c.title for c in response.context["page"]} == {"Alpha survey", "Beta survey"}


# --- Suppression list -----------------------------------------------------------------


def test_manager_adds_a_bounced_address_and_sees_the_list(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    response = client.post(
        "/surveys/suppressions/",
        {
            "project": cluster_a.project.pk,
            "email": "Bounced@Member.example",
            "reason": "bounced",
            "note": "550",
        },
    )
    assert response.status_code == 302
    row = Suppression.objects.get()
    assert (row.email, row.reason) == ("bounced@member.example", SuppressionReason.BOUNCED)
    page = client.get("/surveys/suppressions/")
    assert "bounced@member.example" in page.content.decode()
    again = client.post(
        "/surveys/suppressions/",
        {"project": cluster_a.project.pk, "email": "bounced@member.example", "reason": "bounced"},
    )
    assert again.status_code == 400
    assert "already on the suppression list" in again.content.decode()


def test_suppression_list_is_scoped_to_the_project(client_for, manager_a, cluster_a):
    from tests.factories import ClusterFactory, ProjectFactory

    other = ProjectFactory(acronym="OTHER")
    ClusterFactory(project=other)
    Suppression.objects.create(project=other, email="elsewhere@x.example", reason="bounced")
    Suppression.objects.create(project=cluster_a.project, email="here@x.example", reason="bounced")
    client = client_for(manager_a)
    content = client.get("/surveys/suppressions/").content.decode()
    assert "here@x.example" in content and "elsewhere@x.example" not in content
    response = client.post(
        "/surveys/suppressions/",
        {"project": other.pk, "email": "sneak@x.example", "reason": "bounced"},
    )
    assert response.status_code == 400
    assert not Suppression.objects.filter(email="sneak@x.example").exists()


def test_viewer_cannot_add_to_the_suppression_list(client_for, viewer_a, cluster_a):
    response = client_for(viewer_a).post(
        "/surveys/suppressions/",
        {"project": cluster_a.project.pk, "email": "x@x.example", "reason": "bounced"},
    )
    assert response.status_code == 403
    assert not Suppression.objects.exists()


# --- Unsubscribe ----------------------------------------------------------------------


def test_unsubscribe_confirms_then_suppresses(client, cluster_a):
    invitation = InvitationFactory(campaign=draft(cluster_a, launched_at=timezone.now()))
    url = f"/s/{invitation.token}/unsubscribe/"
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert '<form method="post"' in page.content.decode()
    assert not Suppression.objects.exists()
    done = client.post(url)
    assert done.status_code == 200
    assert done["Referrer-Policy"] == "no-referrer"
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPTED_OUT
    row = Suppression.objects.get()
    assert row.email == invitation.email.lower()
    assert row.reason == SuppressionReason.OPTED_OUT
    assert row.campaign == invitation.campaign


def test_unsubscribe_keeps_a_completed_invitation_completed(client, cluster_a):
    invitation = InvitationFactory(campaign=draft(cluster_a), status="completed")
    client.post(f"/s/{invitation.token}/unsubscribe/")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert Suppression.objects.filter(email=invitation.email.lower()).exists()


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 200])
def test_unknown_unsubscribe_token_gets_the_invalid_link_page(client, token, caplog):
    for method in ("get", "post"):
        response = getattr(client, method)(f"/s/{token}/unsubscribe/")
        assert response.status_code == 404
        assert response["Referrer-Policy"] == "no-referrer"
        assert "surveys/answer/unavailable.html" in [t.name for t in response.templates]
    assert token not in caplog.text
    assert not Suppression.objects.exists()
