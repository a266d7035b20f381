"""Helpers of the S3 tests: campaigns of the standard questionnaire and their answers."""

import datetime as dt

from surveys import standard
from surveys.models import Answer, Choice, Question
from tests.factories import (
    CampaignFactory,
    InvitationFactory,
    MemberFactory,
    ResponseFactory,
    ServiceFactory,
)


def standard_campaign(cluster, **kwargs):
    questionnaire = standard.install(cluster.project)
    return CampaignFactory(cluster=cluster, questionnaire=questionnaire, **kwargs)


def respond(
    campaign,
    *,
    ratings=4,
    usefulness=None,
    wants=True,
    pay="up_to_500",
    comment="",
    submitted=True,
    name=None,
):
    """A response of a new member: every satisfaction rating ``ratings`` (an int or a
    list), ``usefulness`` {service: rating}, tailor-made yes/no, a pay band, a comment."""
    member = MemberFactory(cluster=campaign.cluster, **({"name": name} if name else {}))
    invitation = InvitationFactory(
        campaign=campaign, member=member, status="completed" if submitted else "in_progress"
    )
    response = ResponseFactory(
        invitation=invitation,
        submitted_at=dt.datetime(2017, 3, 10, 9, tzinfo=dt.UTC) if submitted else None,
    )
    questions = {q.code: q for q in Question.objects.filter(questionnaire=campaign.questionnaire)}
    values = ratings if isinstance(ratings, list) else [ratings] * len(standard.SATISFACTION_CODES)
    for code, value in zip(standard.SATISFACTION_CODES, values, strict=True):
        Answer.objects.create(response=response, question=questions[code], number=value)
    for service, value in (usefulness or {}).items():
        Answer.objects.create(
            response=response,
            question=questions[standard.USEFULNESS_CODE],
            service=service,
            number=value,
        )
    Answer.objects.create(
        response=response, question=questions[standard.WANTS_TAILOR_MADE], boolean=wants
    )
    if wants and pay:
        answer = Answer.objects.create(response=response, question=questions[standard.PAY_BAND])
        answer.choices.set([Choice.objects.get(question=questions[standard.PAY_BAND], code=pay)])
        areas = Answer.objects.create(
            response=response, question=questions[standard.TAILOR_MADE_AREAS]
        )
        areas.choices.set(
            Choice.objects.filter(
                question=questions[standard.TAILOR_MADE_AREAS], code__in=["innovation", "funding"]
            )
        )
    if comment:
        Answer.objects.create(
            response=response, question=questions[standard.COMMENTS], text=comment
        )
    return response


def service(cluster, name):
    return ServiceFactory(cluster=cluster, name=name)
