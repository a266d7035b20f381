"""Feedback after a held activity (trainings.feedback through the surveys engine): who is
asked (hand-counted), who may send it, once only, the e-mails really sent, the results on
the activity page, and the hours per day on the attendance grid."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail as outbox
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from surveys import training_feedback
from surveys.models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Mail,
    MailKind,
    MailStatus,
    Question,
    Response,
    Suppression,
)
from tests.factories import (
    ActivityFactory,
    ClusterFactory,
    ProjectFactory,
    attend,
    make_manager,
)
from tracekei.privacy.addresses import hashed_address
from trainings import feedback, services
from trainings.models import Attendance, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(cluster_a):
    return ActivityFactory(
        organising_cluster=cluster_a,
        title="Bari joint training",
        start_date=dt.date(2017, 5, 10),
        end_date=dt.date(2017, 5, 11),
        country="IT",
        status="held",
    )


def outside(activity, name, email="", *, days=None):
    participation = Participation.objects.create(activity=activity, name=name, email=email)
    for day in days if days is not None else [activity.start_date]:
        Attendance.objects.create(participation=participation, day=day)
    return participation


@pytest.fixture
def attendees(held, project, manager_a, manager_b):
    """A user attendee (manager of B, Hungarian cluster), an outside attendee with an
    address, one without, a no-show (manager of A, registered only) and an attendee
    whose address is on the project's suppression list."""
    attend(held, manager_b)
    outside(held, "Jordi Puig", "Jordi@Femac.example")
    outside(held, "Anna Nomail")
    Participation.objects.create(activity=held, user=manager_a)  # a no-show
    outside(held, "Sue Pressed", "sue@opted.example")
    Suppression.objects.create(project=project, email="sue@opted.example", reason="opted_out")
    return held


def test_launch_invites_exactly_the_attendees(attendees, manager_a, manager_b, cluster_a):
    launched = feedback.feedback_launch(actor=manager_a, activity=attendees)
    campaign = launched.campaign
    assert campaign.activity == attendees
    assert campaign.cluster == cluster_a
    assert campaign.questionnaire.key == training_feedback.KEY
    assert campaign.launched_at is not None
    invitations = {i.email: i for i in Invitation.objects.filter(campaign=campaign)}
    assert set(invitations) == {"manager.b@portal.example", "jordi@femac.example"}
    assert launched.invited == 2
    assert launched.without_email == ["Anna Nomail"]
    assert [r.email for r in launched.suppressed] == ["sue@opted.example"]
    user_invitation = invitations["manager.b@portal.example"]
    assert user_invitation.member is None
    assert user_invitation.name == manager_b.get_full_name()
    assert user_invitation.language == "hu"  # manager B's cluster is Hungarian
    assert invitations["jordi@femac.example"].language == "it"  # the activity is in Italy
    assert invitations["jordi@femac.example"].name == "Jordi Puig"
    mails = Mail.objects.filter(invitation__campaign=campaign)
    assert (
        sorted(mails.values_list("kind", "status"))
        == [(MailKind.INVITATION, MailStatus.QUEUED)] * 2
    )


def test_an_erased_persons_hashed_address_still_suppresses(held, project, manager_a, manager_b):
    """An erased person stays on the suppression list only as the hash of their address
    (tracekei.privacy); a feedback launch must still leave them out."""
    attend(held, manager_b)
    outside(held, "Erin Erased", "Erin@Gone.example")
    Suppression.objects.create(
        project=project, email=hashed_address("erin@gone.example"), reason="opted_out"
    )
    preview = feedback.recipients_preview(held)
    assert [r.email for r in preview.suppressed] == ["erin@gone.example"]
    launched = feedback.feedback_launch(actor=manager_a, activity=held)
    assert [r.email for r in launched.suppressed] == ["erin@gone.example"]
    assert list(Invitation.objects.values_list("email", flat=True)) == ["manager.b@portal.example"]


def test_an_address_is_invited_once(held, manager_a, manager_b):
    attend(held, manager_b)
    outside(held, "Same Person", "MANAGER.B@portal.example")
    launched = feedback.feedback_launch(actor=manager_a, activity=held)
    assert launched.invited == 1


def test_the_emails_are_sent_in_each_language(
    attendees, manager_a, eager_tasks, django_capture_on_commit_callbacks
):
    outbox.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        campaign = feedback.feedback_launch(actor=manager_a, activity=attendees).campaign
    assert len(outbox.outbox) == 2
    by_address = {message.to[0]: message for message in outbox.outbox}
    hungarian = by_address["manager.b@portal.example"]
    assert "milyen volt a rendezvény" in hungarian.subject
    assert "Bari joint training" in hungarian.body
    italian = by_address["jordi@femac.example"]
    assert "com'è andata" in italian.subject
    assert "/s/" in italian.body
    # Not the members' footer ("you are a member of ..."): an attendee may be no member.
    with translation.override("it"):
        members_footer = gettext(
            "You receive this e-mail because you are a member of %(cluster)s."
        ) % {"cluster": attendees.organising_cluster.legal_name}
    assert members_footer not in italian.body
    assert members_footer not in italian.alternatives[0][0]
    assert not Mail.objects.filter(invitation__campaign=campaign).exclude(status="sent").exists()
    assert set(Invitation.objects.filter(campaign=campaign).values_list("status", flat=True)) == {
        "sent"
    }


@pytest.mark.parametrize("status", ["planned", "cancelled"])
def test_only_a_held_activity(held, manager_a, manager_b, status):
    attend(held, manager_b)
    held.status = status
    held.save()
    with pytest.raises(ValidationError):
        feedback.feedback_launch(actor=manager_a, activity=held)
    assert not Campaign.objects.exists()


def test_nobody_attended_is_refused(held, manager_a, manager_b):
    Participation.objects.create(activity=held, user=manager_b)  # registered, never came
    with pytest.raises(ValidationError, match="Nobody attended"):
        feedback.feedback_launch(actor=manager_a, activity=held)
    outside(held, "Anna Nomail")
    with pytest.raises(ValidationError, match="e-mail address"):
        feedback.feedback_launch(actor=manager_a, activity=held)
    assert not Campaign.objects.exists()


def test_only_those_who_may_change_the_activity(attendees, manager_b, viewer_a, coordinator):
    for user in (manager_b, viewer_a):
        with pytest.raises(PermissionDenied):
            feedback.feedback_launch(actor=user, activity=attendees)
    assert not Campaign.objects.exists()
    assert feedback.feedback_launch(actor=coordinator, activity=attendees).invited == 2


def test_launching_twice_makes_one_campaign(attendees, manager_a):
    feedback.feedback_launch(actor=manager_a, activity=attendees)
    with pytest.raises(ValidationError, match="already"):
        feedback.feedback_launch(actor=manager_a, activity=attendees)
    assert Campaign.objects.filter(activity=attendees).count() == 1
    assert Invitation.objects.count() == 2
    # The database holds it too.
    other = Campaign.objects.get().__class__(
        cluster=attendees.organising_cluster,
        questionnaire=Campaign.objects.get().questionnaire,
        title="Again",
        opens_on=dt.date(2017, 6, 1),
        closes_on=dt.date(2017, 6, 2),
        activity=attendees,
    )
    with pytest.raises(ValidationError):
        other.full_clean()


# --- Pages -----------------------------------------------------------------------------


def test_the_launch_page_confirms_and_sends(client_for, attendees, manager_a, manager_b):
    url = f"/trainings/{attendees.pk}/feedback/"
    assert client_for(manager_b).get(url).status_code == 403
    assert client_for(manager_b).post(url, {"closes_on": "2099-01-01"}).status_code == 403
    client = client_for(manager_a)
    page = client.get(url).content.decode()
    assert "Jordi Puig" in page and "Anna Nomail" in page and "sue@opted.example" in page
    assert "Send to 2 attendees" in page
    assert "manager.a@portal.example" not in page  # the no-show
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    bad = client.post(url, {"closes_on": past})
    assert bad.status_code == 400
    assert "Choose today or a later day." in bad.content.decode()
    assert f'value="{past}"' in bad.content.decode()
    assert not Campaign.objects.exists()
    closes = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = client.post(url, {"closes_on": closes})
    assert response.status_code == 302
    campaign = Campaign.objects.get(activity=attendees)
    assert campaign.closes_on.isoformat() == closes
    again = client.post(url, {"closes_on": closes})
    assert again.status_code == 400
    assert Campaign.objects.count() == 1


def test_another_projects_manager_gets_404(client_for, attendees):
    stranger = make_manager(ClusterFactory(project=ProjectFactory(acronym="FAR"), slug="far"))
    client = client_for(stranger)
    assert client.get(f"/trainings/{attendees.pk}/feedback/").status_code == 404
    assert client.post(f"/trainings/{attendees.pk}/feedback/", {}).status_code == 404


def test_the_activity_page_offers_the_form_or_says_why_not(client_for, held, manager_a, manager_b):
    client = client_for(manager_a)
    assert "Nobody has attended yet." in client.get(f"/trainings/{held.pk}/").content.decode()
    attend(held, manager_b)
    page = client.get(f"/trainings/{held.pk}/").content.decode()
    assert f"/trainings/{held.pk}/feedback/" in page
    # Another cluster's manager sees the activity, not the button.
    page = client_for(manager_b).get(f"/trainings/{held.pk}/").content.decode()
    assert f"/trainings/{held.pk}/feedback/" not in page
    held.status = "planned"
    held.save()
    page = client.get(f"/trainings/{held.pk}/").content.decode()
    assert "once the activity is marked as held" in page
    assert f"/trainings/{held.pk}/feedback/" not in page


def answer(invitation, *, ratings, recommend, parts=(), improve=""):
    """A submitted response of one invitation: the four ratings (one value or a dict)."""
    questionnaire = invitation.campaign.questionnaire
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    response = Response.objects.create(
        invitation=invitation,
        campaign=invitation.campaign,
        cluster=invitation.campaign.cluster,
        submitted_at=timezone.now(),
    )
    invitation.status = "completed"
    invitation.save()
    for code in training_feedback.RATING_CODES:
        value = ratings[code] if isinstance(ratings, dict) else ratings
        Answer.objects.create(response=response, question=questions[code], number=value)
    Answer.objects.create(
        response=response, question=questions[training_feedback.RECOMMEND], boolean=recommend
    )
    if parts:
        picked = Answer.objects.create(
            response=response, question=questions[training_feedback.USEFUL_PARTS]
        )
        picked.choices.set(
            Choice.objects.filter(
                question=questions[training_feedback.USEFUL_PARTS], code__in=parts
            )
        )
    if improve:
        Answer.objects.create(
            response=response, question=questions[training_feedback.IMPROVE], text=improve
        )
    return response


def attended_by(activity, count, prefix="guest"):
    for n in range(count):
        outside(activity, f"{prefix.title()} {n}", f"{prefix}{n}@example.org")


def test_the_activity_page_shows_the_results(client_for, held, manager_a, manager_b, viewer_a):
    attended_by(held, 6)
    campaign = feedback.feedback_launch(actor=manager_a, activity=held).campaign
    invitations = list(Invitation.objects.filter(campaign=campaign).order_by("pk"))
    for invitation, overall in zip(invitations[:5], [5, 4, 4, 5, 3], strict=True):
        answer(
            invitation,
            ratings={**dict.fromkeys(training_feedback.RATING_CODES, 2), "fb_overall": overall},
            recommend=overall >= 4,
            parts=["lectures", "visits"] if overall == 5 else ["lectures"],
            improve="Longer coffee breaks" if overall == 3 else "",
        )
    page = client_for(manager_a).get(f"/trainings/{held.pk}/").content.decode()
    assert "Invited" in page and ">6<" in page
    assert ">5 (83 %)<" in page
    assert "4.20" in page  # overall: (5 + 4 + 4 + 5 + 3) / 5
    assert "2.00" in page  # the other ratings
    assert "Yes: 4 · No: 1" in page
    assert 'Lectures and presentations</td><td class="num">5<' in page
    assert 'Visits to companies and organisations</td><td class="num">2<' in page
    assert "Longer coffee breaks" in page
    assert f"/surveys/campaigns/{campaign.pk}/" in page
    # The cluster's viewer sees the comments; another cluster's manager the figures only.
    assert (
        "Longer coffee breaks"
        in client_for(viewer_a).get(f"/trainings/{held.pk}/").content.decode()
    )
    other = client_for(manager_b).get(f"/trainings/{held.pk}/").content.decode()
    assert "4.20" in other
    assert "Longer coffee breaks" not in other
    assert f"/surveys/campaigns/{campaign.pk}/" not in other


def test_fewer_answers_than_the_threshold_show_no_figure(client_for, held, manager_a):
    attended_by(held, 4)
    campaign = feedback.feedback_launch(actor=manager_a, activity=held).campaign
    for invitation in Invitation.objects.filter(campaign=campaign)[:4]:
        answer(invitation, ratings=5, recommend=True, improve="Secret words")
    page = client_for(manager_a).get(f"/trainings/{held.pk}/").content.decode()
    assert "The results appear once at least 5 attendees have answered" in page
    assert "5.00" not in page
    assert "Secret words" not in page


def test_the_activity_page_makes_the_same_queries_with_more_feedback(client_for, held, manager_a):
    attended_by(held, 6, prefix="first")
    campaign = feedback.feedback_launch(actor=manager_a, activity=held).campaign
    for invitation in Invitation.objects.filter(campaign=campaign)[:5]:
        answer(invitation, ratings=4, recommend=True, parts=["lectures"], improve="More")
    client = client_for(manager_a)
    url = f"/trainings/{held.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    # Many more attendees and answers (added to the same campaign).
    attended_by(held, 12, prefix="second")
    for n in range(12):
        invitation = Invitation.objects.create(
            campaign=campaign, name=f"N{n}", email=f"n{n}@example.org", token_hash=f"h{n}"
        )
        answer(invitation, ratings=3, recommend=False, parts=["visits", "materials"], improve="X")
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


# --- Hours per day on the attendance grid ------------------------------------------------


def test_the_grid_sets_the_hours_of_each_day(client_for, held, manager_a, manager_b):
    participation = Participation.objects.create(activity=held, user=manager_b)
    client = client_for(manager_a)
    page = client.get(f"/trainings/{held.pk}/attendance/").content.decode()
    assert 'name="hours_2017-05-10" id="id_hours_2017-05-10" value="8"' in page
    response = client.post(
        f"/trainings/{held.pk}/attendance/",
        {
            f"p{participation.pk}": ["2017-05-10", "2017-05-11"],
            "hours_2017-05-10": "6.5",
            "hours_2017-05-11": "4",
        },
    )
    assert response.status_code == 302
    hours = dict(participation.attendances.values_list("day", "hours"))
    assert hours == {dt.date(2017, 5, 10): Decimal("6.5"), dt.date(2017, 5, 11): Decimal("4")}
    # The grid now offers what was recorded, and a change reaches rows already there.
    page = client.get(f"/trainings/{held.pk}/attendance/").content.decode()
    assert 'value="6.5"' in page
    client.post(
        f"/trainings/{held.pk}/attendance/",
        {f"p{participation.pk}": ["2017-05-10"], "hours_2017-05-10": "7"},
    )
    assert dict(participation.attendances.values_list("day", "hours")) == {
        dt.date(2017, 5, 10): Decimal("7")
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("25", "Hours must be more than 0 and at most 24."),
        ("0", "Give at least half an hour."),
        ("-3", "Give at least half an hour."),
        ("lots", "Enter a number."),
    ],
)
def test_bad_hours_show_the_error_and_keep_the_input(
    client_for, held, manager_a, manager_b, value, message
):
    participation = Participation.objects.create(activity=held, user=manager_b)
    response = client_for(manager_a).post(
        f"/trainings/{held.pk}/attendance/",
        {f"p{participation.pk}": ["2017-05-11"], "hours_2017-05-10": value},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'id="id_hours_2017-05-10_error"' in page  # next to the field
    assert f'name="hours_2017-05-10" id="id_hours_2017-05-10" value="{value}"' in page
    assert f'value="2017-05-11" aria-label="{manager_b.get_full_name()}, 11 May 2017" checked' in (
        page
    )
    assert not Attendance.objects.exists()


def test_own_attendance_takes_the_days_hours(held, manager_a, manager_b):
    other = Participation.objects.create(activity=held, user=manager_a)
    services.attendance_set(
        actor=manager_a, activity=held, participation=other, days=[held.start_date], hours=5
    )
    services.participation_register(actor=manager_b, activity=held, user=manager_b)
    services.attendance_set(
        actor=manager_b, activity=held, user=manager_b, days=[held.start_date, held.end_date]
    )
    mine = dict(
        Attendance.objects.filter(participation__user=manager_b).values_list("day", "hours")
    )
    assert mine == {held.start_date: Decimal("5"), held.end_date: Decimal("8")}


def test_feedback_campaigns_are_not_in_the_members_response_rate(project, held, manager_a):
    from tracekei.kpi.registry import Period, calculators

    attended_by(held, 2)
    campaign = feedback.feedback_launch(actor=manager_a, activity=held).campaign
    answer(Invitation.objects.filter(campaign=campaign).first(), ratings=4, recommend=True)
    calculator = calculators()["survey_response_rate"]
    today = timezone.localdate()
    period = Period(project=project, start=today - dt.timedelta(days=1), end=today)
    assert calculator(period).total == 0
    assert not list(calculator.evidence_fn(period).rows)
    campaign.activity = None  # the same campaign, were it sent to members
    campaign.save()
    assert calculator(period).total == Decimal("50.00")


def test_an_attendee_opens_the_link_and_reads_the_attendees_notice(client, attendees, manager_a):
    from surveys.mail import invitation_token

    campaign = feedback.feedback_launch(actor=manager_a, activity=attendees).campaign
    invitation = Invitation.objects.get(campaign=campaign, email="jordi@femac.example")
    page = client.get(f"/s/{invitation_token(invitation)}/?language=en")
    assert page.status_code == 200
    text = page.content.decode()
    assert "asks the attendees of an activity it organised" in text
    assert "asks its members" not in text
