"""A member contact held in every place of the privacy inventory, and a second one (of
cluster B) held in the same places, to prove what each export or erasure leaves out."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pytest

from clusters.models import MemberImport
from strategy.models import Consultation, ConsultationLink, Feedback
from surveys.models import Mail, Suppression
from tests.factories import (
    ActivityFactory,
    AnswerFactory,
    CampaignFactory,
    InvitationFactory,
    MemberFactory,
    QuestionFactory,
    ResponseFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_strategy,
)
from trainings.models import Participation


@dataclass
class Person:
    member: object
    name: str
    email: str
    named_text: object  # the open answer in a named campaign
    anonymous_text: object  # the open answer in an anonymous campaign
    rating: object
    participation: object
    feedback: object


def hold_everywhere(cluster, *, name: str, email: str) -> Person:
    member = MemberFactory(
        cluster=cluster,
        contact_name=name,
        contact_email=email,
        survey_consent=True,
        survey_consent_on=dt.date(2017, 2, 1),
    )
    service = ServiceFactory(cluster=cluster)
    ServiceDeliveryFactory(service=service, member=member, outcome=f"Met {name} in Bari.")
    named = CampaignFactory(cluster=cluster, anonymous=False, title=f"Named of {cluster.slug}")
    anonymous = CampaignFactory(cluster=cluster, anonymous=True, title=f"Anon of {cluster.slug}")
    answers = {}
    for campaign in (named, anonymous):
        invitation = InvitationFactory(
            campaign=campaign, member=member, name=name, email=email, status="completed"
        )
        Mail.objects.create(
            invitation=invitation, kind="invitation", last_error=f"550 {email} unknown"
        )
        response = ResponseFactory(
            invitation=invitation,
            consent_at=dt.datetime(2017, 3, 2, 9, tzinfo=dt.UTC),
            consent_text="I agree to the privacy notice.",
        )
        rating = AnswerFactory(
            response=response,
            question=QuestionFactory(questionnaire=campaign.questionnaire, kind="rating"),
            number=4,
        )
        text = AnswerFactory(
            response=response,
            question=QuestionFactory(questionnaire=campaign.questionnaire, kind="long_text"),
            number=None,
            text=f"Ask {name} about the export desk.",
        )
        answers[campaign.anonymous] = (rating, text)
    Suppression.objects.create(project=cluster.project, email=email, reason="bounced")
    activity = ActivityFactory(organising_cluster=cluster)
    participation = Participation.objects.create(
        activity=activity, name=name, organisation=member.name, email=email.upper()
    )
    version = make_strategy(cluster).versions.get()
    consultation = Consultation.objects.create(version=version)
    link = ConsultationLink.objects.create(
        consultation=consultation,
        respondent_name=name,
        role="member",
        member=member,
        token_hash=hashlib.sha256(email.encode()).hexdigest(),
    )
    feedback = Feedback.objects.create(
        consultation=consultation,
        link=link,
        heading="vision",
        comment=f"{name} thinks the vision is too vague.",
        author=name,
    )
    MemberImport.objects.create(
        cluster=cluster,
        filename="members.csv",
        rows=[
            {"name": member.name, "contact_name": name, "contact_email": email},
            {"name": "Other Srl", "contact_name": "Someone Else", "contact_email": "x@y.example"},
        ],
    )
    return Person(
        member=member,
        name=name,
        email=email,
        named_text=answers[False][1],
        anonymous_text=answers[True][1],
        rating=answers[False][0],
        participation=participation,
        feedback=feedback,
    )


@pytest.fixture
def giulia(cluster_a) -> Person:
    return hold_everywhere(cluster_a, name="Giulia Verdi", email="giulia.verdi@sme.example")


@pytest.fixture
def laszlo(cluster_b) -> Person:
    return hold_everywhere(cluster_b, name="Laszlo Kovacs", email="laszlo.kovacs@kft.example")
