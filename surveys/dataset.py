"""The surveys app's part of the benchmark dataset (``manage.py generate_dataset``): the
standard SME satisfaction questionnaire, ``size.campaigns_per_cluster`` closed campaigns
per cluster, their invitations (the cluster's members first, then recipients who are not
members when a campaign needs more), responses (most submitted, some in progress) and
about ``size.answers`` answers in all, spread evenly over the campaigns, with the
per-service ratings on the cluster's own services. Everything is sent with COPY.

Leaves ``builder.facts["survey_campaigns"]``: the ids of the campaigns, in order.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math

from clusters.dataset import ANCHOR_TIME
from clusters.models import Project
from tracekei.bench.dataset import Builder

from . import standard
from .models import Answer, Campaign, Choice, Invitation, InvitationStatus, Question, Response

OPENS_ON = dt.date(2025, 3, 1)
CLOSES_ON = dt.date(2025, 4, 30)
#: Answers a submitted response has on average (6 ratings, ~2.5 services, yes/no, the
#: two choice questions for ~70 %, a comment for ~30 %): turns size.answers into responses.
ANSWERS_PER_RESPONSE = 11.2
ANSWERED_SHARE = 0.8
LANGUAGES = ["en", "it", "hu", "de", "pt", "ro", "bg", "sr-latn"]
COMMENTS = [
    "More matchmaking events abroad, please.",
    "The newsletter is useful but long.",
    "Help with EU funding applications would be welcome.",
    "Good value for the fee.",
]
PAY_WEIGHTS = [2, 5, 4, 2, 1]


def build(builder: Builder) -> None:
    size = builder.size
    clusters = builder.facts["clusters"]
    if not clusters or not size.answers:
        builder.facts["survey_campaigns"] = []
        return
    rng = builder.random
    questionnaire = standard.install(
        Project.objects.using(builder.using).get(pk=builder.facts["project_id"])
    )
    questions = {
        q.code: q.pk
        for q in Question.objects.using(builder.using).filter(questionnaire=questionnaire)
    }
    choices = {
        (code, choice): pk
        for pk, code, choice in Choice.objects.using(builder.using)
        .filter(question__questionnaire=questionnaire)
        .order_by("question__position", "position")
        .values_list("pk", "question__code", "code")
    }
    areas = [pk for (code, choice), pk in choices.items() if code == standard.TAILOR_MADE_AREAS]
    bands = [pk for (code, choice), pk in choices.items() if code == standard.PAY_BAND]
    services = builder.facts.get("services", {})

    # Campaigns.
    campaign_rows, owners = [], []
    for cluster in clusters:
        manager = builder.facts["managers"][cluster.id]
        for number in range(size.campaigns_per_cluster):
            owners.append(cluster)
            campaign_rows.append(
                (
                    cluster.id,
                    questionnaire.pk,
                    f"SME satisfaction survey {2025 - number}",
                    OPENS_ON.replace(year=2025 - number),
                    CLOSES_ON.replace(year=2025 - number),
                    True,
                    {},
                    {},
                    [7, 14],
                    2,
                    {},
                    manager,
                    ANCHOR_TIME,
                    dt.datetime.combine(
                        OPENS_ON.replace(year=2025 - number), dt.time(9), tzinfo=dt.UTC
                    ),
                    manager,
                )
            )
    campaign_ids = builder.copy_rows(
        Campaign,
        [
            "cluster_id",
            "questionnaire_id",
            "title",
            "opens_on",
            "closes_on",
            "anonymous",
            "invitation_subject",
            "invitation_body",
            "reminder_after_days",
            "max_reminders",
            "recipient_filter",
            "created_by_id",
            "created_at",
            "launched_at",
            "launched_by_id",
        ],
        campaign_rows,
    )
    builder.facts["survey_campaigns"] = campaign_ids
    responses_each = math.ceil(size.answers / ANSWERS_PER_RESPONSE / len(campaign_ids))

    # Invitations: members first, then outside recipients; answered, in progress, sent.
    plan = []  # (campaign id, cluster, state) per invitation, in the order of the COPY
    invitation_rows = []
    serial = 0
    for campaign_id, cluster, row in zip(campaign_ids, owners, campaign_rows, strict=True):
        members = builder.facts["members"].get(cluster.id, [])
        recipients = max(len(members), math.ceil(responses_each / ANSWERED_SHARE))
        launched = row[13]
        for index in range(recipients):
            serial += 1
            if index < responses_each:
                state = "submitted"
            elif index < responses_each + max(1, recipients // 10):
                state = "in_progress"
            else:
                state = "sent"
            member = members[index] if index < len(members) else None
            token_hash = hashlib.sha256(f"bench:{builder.seed}:{serial}".encode()).hexdigest()
            invitation_rows.append(
                (
                    campaign_id,
                    member,
                    f"Respondent {serial}",
                    f"respondent{serial}@bench.example",
                    LANGUAGES[serial % len(LANGUAGES)],
                    token_hash,
                    "",  # token_salt: bench links are never e-mailed
                    {
                        "submitted": InvitationStatus.COMPLETED,
                        "in_progress": InvitationStatus.IN_PROGRESS,
                        "sent": InvitationStatus.SENT,
                    }[state],
                    "",
                    launched,
                    0,
                    ANCHOR_TIME,
                )
            )
            plan.append((campaign_id, cluster, state, launched))
    invitation_ids = builder.copy_rows(
        Invitation,
        [
            "campaign_id",
            "member_id",
            "name",
            "email",
            "language",
            "token_hash",
            "token_salt",
            "status",
            "failure_reason",
            "sent_at",
            "reminders_sent",
            "created_at",
        ],
        invitation_rows,
    )

    # Responses of the answered and the in-progress invitations.
    response_rows, answered = [], []
    for invitation_id, (campaign_id, cluster, state, launched), row in zip(
        invitation_ids, plan, invitation_rows, strict=True
    ):
        if state == "sent":
            continue
        day = launched + dt.timedelta(days=rng.randint(1, 40), minutes=rng.randint(0, 600))
        submitted = day if state == "submitted" else None
        response_rows.append(
            (
                invitation_id,
                campaign_id,
                cluster.id,
                row[4],
                day,
                "Consent.",
                2,
                day,
                day,
                submitted,
            )
        )
        answered.append((cluster, state))
    response_ids = builder.copy_rows(
        Response,
        [
            "invitation_id",
            "campaign_id",
            "cluster_id",
            "language",
            "consent_at",
            "consent_text",
            "last_section",
            "started_at",
            "updated_at",
            "submitted_at",
        ],
        response_rows,
    )

    # Answers: values first (no ids needed), then the choice answers and their choices.
    fields = ["response_id", "question_id", "service_id", "number", "boolean", "text"]
    choice_answers: list[tuple[int, int, list[int]]] = []  # response, question, choices

    def value_rows():
        for response_id, (cluster, state) in zip(response_ids, answered, strict=True):
            mood = (cluster.id % 5) * 0.2
            for code in standard.SATISFACTION_CODES:
                yield (response_id, questions[code], None, _rating(rng, mood), None, "")
            if state != "submitted":
                continue
            offered = services.get(cluster.id, [])
            for service in rng.sample(offered, min(len(offered), rng.randint(1, 4))):
                yield (
                    response_id,
                    questions[standard.USEFULNESS_CODE],
                    service.id,
                    _rating(rng, mood),
                    None,
                    "",
                )
            wants = rng.random() < 0.7
            yield (response_id, questions[standard.WANTS_TAILOR_MADE], None, None, wants, "")
            if wants:
                picked = rng.sample(areas[:-1], rng.randint(1, 3))
                choice_answers.append((response_id, questions[standard.TAILOR_MADE_AREAS], picked))
                band = rng.choices(bands, weights=PAY_WEIGHTS)[0]
                choice_answers.append((response_id, questions[standard.PAY_BAND], [band]))
            if rng.random() < 0.3:
                yield (
                    response_id,
                    questions[standard.COMMENTS],
                    None,
                    None,
                    None,
                    COMMENTS[rng.randrange(len(COMMENTS))],
                )

    builder.copy_rows(Answer, fields, value_rows(), returning_ids=False)
    answer_ids = builder.copy_rows(
        Answer,
        fields,
        ((response, question, None, None, None, "") for response, question, _ in choice_answers),
    )
    builder.copy_rows(
        Answer.choices.through,
        ["answer_id", "choice_id"],
        (
            (answer_id, choice)
            for answer_id, (_r, _q, picked) in zip(answer_ids, choice_answers, strict=True)
            for choice in picked
        ),
        returning_ids=False,
    )


def _rating(rng, mood: float) -> int:
    return max(1, min(5, round(rng.gauss(3.4 + mood, 0.9))))
