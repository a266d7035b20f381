# ruff: noqa: RUF001 - Bulgarian comments are written in Cyrillic
"""Demo data of the surveys app: the standard SME satisfaction questionnaire, one closed
campaign per cluster to fifteen members (most answered, some in progress, one not
answered, one opted out) with answers in the members' languages and the services each
member really received, and one campaign still open in D.A.Re. Seeded: the same answers
every time; running it again creates nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from clusters.models import Member
from services.models import ServiceDelivery

from . import standard
from .mail import new_link_secret
from .models import Answer, Campaign, Choice, Invitation, InvitationStatus, Question, Response

CLOSED_TITLE = "SME satisfaction survey 2017"
OPEN_TITLE = "SME satisfaction follow-up 2018"
OPEN_CLUSTER = "dare"
RECIPIENTS = 15
# Of the fifteen: answered, in progress, not answered, opted out.
PLAN = ["submitted"] * 11 + ["in_progress"] * 2 + ["sent", "opted_out"]
OPEN_PLAN = ["submitted"] * 6 + ["in_progress"] * 3 + ["sent"] * 6
# How well each cluster does in its members' eyes (shifts the ratings).
MOOD = {"dare": 0.6, "innoskart": 0.3, "bioma": 0.4, "mapar": 0.0, "agroco": -0.2}
PAY_WEIGHTS = {"none": 2, "up_to_500": 5, "500_2000": 4, "2000_5000": 2, "over_5000": 1}

COMMENTS = {
    "en": ["More matchmaking events abroad, please.", "The newsletter is useful but long."],
    "it": [
        "Più incontri B2B con buyer esteri, per favore.",
        "Utile la newsletter sui bandi, ma arriva troppo spesso.",
    ],
    "hu": [
        "Több nemzetközi partnerkereső rendezvényt szeretnénk.",
        "A pályázati tájékoztatás nagyon hasznos volt.",
    ],
    "de": [
        "Mehr Unterstützung bei EU-Förderanträgen wäre hilfreich.",
        "Die Netzwerktreffen sind der größte Nutzen für uns.",
    ],
    "pt": [
        "Gostaríamos de mais apoio em candidaturas a fundos europeus.",
        "As ações de formação foram muito úteis.",
    ],
    "ro": [
        "Ne-ar ajuta mai multe misiuni comerciale în străinătate.",
        "Informările despre finanțări sunt foarte utile.",
    ],
    "bg": [
        "Бихме искали повече срещи с партньори от чужбина.",
        "Обученията по енергийна ефективност бяха много полезни.",
    ],
    "sr-latn": [
        "Više obuka o energetskoj efikasnosti, molim.",
        "Posete sajmovima u inostranstvu su nam najkorisnije.",
    ],
}


def _rating(rng: random.Random, mood: float) -> int:
    return max(1, min(5, round(rng.gauss(3.7 + mood, 0.9))))


def load(*, project, clusters, users, managers) -> int:
    questionnaire = standard.install(project, actor=users.get("coordinator"))
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    choices = {
        (c.question.code, c.code): c
        for c in Choice.objects.filter(question__questionnaire=questionnaire).select_related(
            "question"
        )
    }
    created = 0
    for slug, cluster in sorted(clusters.items()):
        created += _campaign(
            cluster=cluster,
            manager=managers[slug],
            questionnaire=questionnaire,
            questions=questions,
            choices=choices,
            title=CLOSED_TITLE,
            opens_on=dt.date(2017, 9, 1),
            closes_on=dt.date(2017, 10, 15),
            plan=PLAN,
            seed=f"{slug}:closed",
            mood=MOOD.get(slug, 0.2),
        )
    if OPEN_CLUSTER in clusters:
        today = timezone.localdate()
        created += _campaign(
            cluster=clusters[OPEN_CLUSTER],
            manager=managers[OPEN_CLUSTER],
            questionnaire=questionnaire,
            questions=questions,
            choices=choices,
            title=OPEN_TITLE,
            opens_on=dt.date(2018, 10, 1),
            closes_on=max(dt.date(2018, 11, 15), today + dt.timedelta(days=60)),
            plan=OPEN_PLAN,
            seed=f"{OPEN_CLUSTER}:open",
            mood=0.8,
        )
    return created


@transaction.atomic
def _campaign(
    *,
    cluster,
    manager,
    questionnaire,
    questions,
    choices,
    title,
    opens_on,
    closes_on,
    plan,
    seed,
    mood,
) -> int:
    if Campaign.objects.filter(cluster=cluster, title=title).exists():
        return 0
    rng = random.Random(f"tracekei-demo-surveys:{seed}")
    launched = dt.datetime.combine(opens_on, dt.time(9), tzinfo=dt.UTC)
    campaign = Campaign(
        cluster=cluster,
        questionnaire=questionnaire,
        title=title,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=True,
        reminder_after_days=[7, 14],
        created_by=manager,
        launched_at=launched,
        launched_by=manager,
    )
    campaign.full_clean()
    campaign.save()
    created = 1
    members = list(
        Member.objects.filter(cluster=cluster, left_on__isnull=True)
        .exclude(contact_email="")
        .order_by("-survey_consent", "name", "pk")[:RECIPIENTS]
    )
    received: dict[int, list[int]] = {}
    for member_id, service_id in (
        ServiceDelivery.objects.filter(member__in=members)
        .values_list("member_id", "service_id")
        .distinct()
        .order_by("member_id", "service_id")
    ):
        received.setdefault(member_id, []).append(service_id)
    for member, state in zip(members, plan, strict=False):
        language = member.preferred_language or "en"
        status = {
            "submitted": InvitationStatus.COMPLETED,
            "in_progress": InvitationStatus.IN_PROGRESS,
            "sent": InvitationStatus.SENT,
            "opted_out": InvitationStatus.OPTED_OUT,
        }[state]
        salt, token_hash = new_link_secret()  # the link is rebuilt for reminders
        invitation = Invitation.objects.create(
            campaign=campaign,
            member=member,
            name=member.contact_name or member.name,
            email=member.contact_email,
            language=language,
            token_hash=token_hash,
            token_salt=salt,
            status=status,
            sent_at=launched,
            opened_at=launched + dt.timedelta(days=2)
            if state in ("submitted", "in_progress")
            else None,
        )
        created += 1
        if state not in ("submitted", "in_progress"):
            continue
        day = launched + dt.timedelta(days=rng.randint(1, 30), hours=rng.randint(0, 8))
        response = Response.objects.create(
            invitation=invitation,
            campaign=campaign,
            cluster=cluster,
            language=language,
            consent_at=day,
            consent_text="Demo consent.",
            last_section=2 if state == "submitted" else 0,
            submitted_at=day if state == "submitted" else None,
        )
        created += 1
        created += _answers(
            response,
            rng,
            mood,
            questions,
            choices,
            received.get(member.pk, []),
            complete=state == "submitted",
            language=language,
        )
    return created


def _answers(response, rng, mood, questions, choices, services, *, complete, language) -> int:
    rows = [
        Answer(response=response, question=questions[code], number=_rating(rng, mood))
        for code in standard.SATISFACTION_CODES
    ]
    if complete:
        rows += [
            Answer(
                response=response,
                question=questions[standard.USEFULNESS_CODE],
                service_id=service_id,
                number=_rating(rng, mood),
            )
            for service_id in services
        ]
        wants = rng.random() < 0.7
        rows.append(
            Answer(response=response, question=questions[standard.WANTS_TAILOR_MADE], boolean=wants)
        )
        comments = COMMENTS.get(language, COMMENTS["en"])
        if rng.random() < 0.4:
            rows.append(
                Answer(
                    response=response,
                    question=questions[standard.COMMENTS],
                    text=comments[rng.randrange(len(comments))],
                )
            )
    Answer.objects.bulk_create(rows)
    created = len(rows)
    if complete and wants:
        areas = Answer.objects.create(
            response=response, question=questions[standard.TAILOR_MADE_AREAS]
        )
        codes = [code for (q, code) in choices if q == standard.TAILOR_MADE_AREAS]
        areas.choices.set(
            [
                choices[(standard.TAILOR_MADE_AREAS, code)]
                for code in rng.sample(codes[:-1], rng.randint(1, 3))
            ]
        )
        pay = Answer.objects.create(response=response, question=questions[standard.PAY_BAND])
        band = rng.choices(list(PAY_WEIGHTS), weights=list(PAY_WEIGHTS.values()))[0]
        pay.choices.set([choices[(standard.PAY_BAND, band)]])
        created += 2
    return created
