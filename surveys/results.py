"""Reads behind the results pages, the API's results, the KPIs' evidence and the exports.

Only submitted responses count. Every figure is aggregated in SQL, one query per kind of
summary (numbers, yes/no, choices, texts), grouped by cluster and question, so a campaign
with 100,000 answers costs the same number of queries as one with ten.

Anonymous campaigns: no figure is shown for a group (a cluster, a service, the whole
campaign) of fewer than ``MIN_GROUP`` submitted responses; the response rate is not a
breakdown of answers and is always shown. Comments never carry a name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, BooleanField, Count, Max, Min, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from clusters.models import Cluster
from tracekei import access

from . import standard
from .models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    localized,
)

MIN_GROUP = 5
TEXT_LIMIT = 200  # open answers listed per page (the export has them all)
SCALE = (1, 2, 3, 4, 5)
CONSORTIUM = None  # the key of the all-clusters group


# --- Shapes -------------------------------------------------------------------------


@dataclass
class Rating:
    """Ratings 1-5: how many of each, their count and mean."""

    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(SCALE, 0))

    def add(self, value: int, n: int) -> None:
        if value in self.counts:
            self.counts[value] += n

    def merge(self, other: Rating) -> None:
        for value, n in other.counts.items():
            self.counts[value] += n

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> Decimal | None:
        if not self.n:
            return None
        total = sum(value * n for value, n in self.counts.items())
        return (Decimal(total) / self.n).quantize(Decimal("0.01"))

    @property
    def bars(self) -> list[tuple[int, int, int]]:
        """(value, count, percent) for the charts."""
        n = self.n or 1
        return [(value, count, round(100 * count / n)) for value, count in self.counts.items()]


@dataclass
class Group:
    """The figures of one cluster (``cluster`` set) or of all of them (``cluster`` None)."""

    cluster: Cluster | None
    invited: int = 0
    submitted: int = 0
    hidden: bool = False  # fewer than MIN_GROUP responses in an anonymous campaign

    @property
    def rate(self) -> int | None:
        return round(100 * self.submitted / self.invited) if self.invited else None

    @property
    def label(self) -> str:
        return self.cluster.acronym if self.cluster else ""


@dataclass
class QuestionSummary:
    """One question's figures for one group."""

    question: Question
    rating: Rating | None = None  # rating questions
    yes: int = 0  # yes/no
    no: int = 0
    choices: list[tuple[Choice, int, int]] = field(default_factory=list)  # choice, n, percent
    answered: int = 0  # choice questions: responses that ticked anything
    number: dict | None = None  # n, mean, min, max
    texts: list[str] = field(default_factory=list)
    hidden: bool = False

    @property
    def yes_share(self) -> int | None:
        total = self.yes + self.no
        return round(100 * self.yes / total) if total else None

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class ServiceRow:
    service_id: int
    name: str
    cluster: str
    rating: Rating
    hidden: bool = False


@dataclass
class Results:
    """What the results page, the API and the PDF show."""

    campaigns: list[Campaign]
    questions: list[Question]
    anonymous: bool
    groups: list[Group]  # per cluster, in acronym order
    total: Group
    summaries: dict[object, list[QuestionSummary]]  # group key -> summaries in order
    satisfaction: dict[object, Rating]  # group key -> pooled satisfaction ratings
    services: list[ServiceRow]
    comments: list[tuple[str, str]]  # (cluster acronym, text), newest first
    is_standard: bool

    @property
    def index(self) -> Decimal | None:
        return self.satisfaction[CONSORTIUM].mean

    def group_rows(self):
        """(group, satisfaction rating or None when hidden) for the tables, total last."""
        for group in [*self.groups, self.total]:
            key = group.cluster.pk if group.cluster else CONSORTIUM
            yield group, (None if group.hidden else self.satisfaction.get(key))

    def summaries_for(self, key=CONSORTIUM) -> list[QuestionSummary]:
        return self.summaries.get(key, [])

    def summary(self, code: str, key=CONSORTIUM) -> QuestionSummary | None:
        for summary in self.summaries_for(key):
            if summary.question.code == code:
                return summary
        return None


# --- Scoping ------------------------------------------------------------------------


def visible_campaigns(user) -> QuerySet[Campaign]:
    """The launched campaigns the user may see."""
    return access.scope(
        Campaign.objects.filter(launched_at__isnull=False).select_related(
            "cluster", "questionnaire"
        ),
        user,
    )


def questionnaire_keys(user) -> list[tuple[str, str]]:
    """(key, title) of the questionnaires the user's visible campaigns used."""
    rows = (
        Questionnaire.objects.filter(campaigns__in=visible_campaigns(user))
        .order_by("key", "-version")
        .values_list("key", "title")
        .distinct()
    )
    seen: dict[str, str] = {}
    for key, title in rows:
        seen.setdefault(key, localized(title))
    return sorted(seen.items(), key=lambda item: item[1])


def overview_campaigns(
    user, *, key: str, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Campaign]:
    campaigns = visible_campaigns(user).filter(questionnaire__key=key)
    if start:
        campaigns = campaigns.filter(closes_on__gte=start)
    if end:
        campaigns = campaigns.filter(opens_on__lte=end)
    return campaigns


# --- Computing ----------------------------------------------------------------------


def _questions(questionnaire_ids: list[int]) -> list[Question]:
    """The questions of these versions, one per code (the newest version's wording)."""
    questions = (
        Question.objects.filter(questionnaire_id__in=questionnaire_ids)
        .select_related("section")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk")))
        .order_by("-questionnaire__version", "section__position", "position", "pk")
    )
    by_code: dict[str, Question] = {}
    ids_by_code: dict[str, list[int]] = defaultdict(list)
    codes_by_code: dict[str, dict[int, str]] = defaultdict(dict)
    for question in questions:
        by_code.setdefault(question.code, question)
        ids_by_code[question.code].append(question.pk)
        codes_by_code[question.code].update((c.pk, c.code) for c in question.choices.all())
    ordered = sorted(by_code.values(), key=lambda q: (q.section.position, q.position, q.pk))
    for question in ordered:
        question.version_ids = ids_by_code[question.code]
        question.choice_codes = codes_by_code[question.code]  # of every version
    return ordered


def campaign_results(campaign: Campaign) -> Results:
    """The results of one campaign (already looked up through the user's scope)."""
    return compute([campaign], clusters=[campaign.cluster])


def overview_results(user, *, key: str, start=None, end=None, cluster=None) -> Results:
    """Every visible cluster's campaigns of a questionnaire in the period (or one cluster's)."""
    campaigns = overview_campaigns(user, key=key, start=start, end=end)
    clusters = access.visible_clusters(user).order_by("acronym")
    if cluster is not None:
        campaigns = campaigns.filter(cluster=cluster)
        clusters = clusters.filter(pk=cluster.pk)
    campaigns, clusters = list(campaigns), list(clusters)
    seen = {campaign.cluster_id for campaign in campaigns}
    return compute(campaigns, clusters=[c for c in clusters if c.pk in seen])


def compute(campaigns: list[Campaign], *, clusters: list[Cluster]) -> Results:
    campaign_ids = [campaign.pk for campaign in campaigns]
    anonymous = any(campaign.anonymous for campaign in campaigns)
    questions = _questions(sorted({campaign.questionnaire_id for campaign in campaigns}))
    question_of = {pk: q for q in questions for pk in q.version_ids}
    cluster_by_pk = {cluster.pk: cluster for cluster in clusters}
    is_standard = any(c.questionnaire.key == standard.KEY for c in campaigns)

    # 1. Invited and submitted per cluster.
    groups = {pk: Group(cluster=cluster) for pk, cluster in cluster_by_pk.items()}
    total = Group(cluster=None)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for cluster_id, n in (
        Invitation.objects.filter(campaign_id__in=campaign_ids)
        .values_list("campaign__cluster_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[cluster_id][0] = n
    for cluster_id, n in (
        Response.objects.filter(campaign_id__in=campaign_ids, submitted_at__isnull=False)
        .values_list("cluster_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[cluster_id][1] = n
    for cluster_id, (invited, submitted) in counts.items():
        group = groups.get(cluster_id)
        if group is None:
            continue
        group.invited, group.submitted = invited, submitted
        total.invited += invited
        total.submitted += submitted
    for group in [*groups.values(), total]:
        group.hidden = anonymous and group.submitted < MIN_GROUP

    keys = [*groups, CONSORTIUM]
    summaries: dict[object, dict[int, QuestionSummary]] = {
        key: {q.pk: QuestionSummary(question=q) for q in questions} for key in keys
    }
    kinds = {q.kind for q in questions}
    ids_of = defaultdict(list)  # kind -> question ids (every version)
    for pk, question in question_of.items():
        ids_of[question.kind].append(pk)
    answers, cluster_field = _submitted_answers(campaign_ids, clusters=groups)
    services: dict[int, dict[object, Rating]] = defaultdict(lambda: defaultdict(Rating))

    def each_group(cluster_id):
        if cluster_id in summaries:
            yield cluster_id
        yield CONSORTIUM

    def rows_of(queryset, *fields, **aggregates):
        """``(cluster id, *fields, *aggregates)`` rows grouped in SQL."""
        columns = ([cluster_field] if cluster_field else []) + list(fields)
        rows = queryset.values_list(*columns).annotate(**aggregates).order_by()
        if cluster_field:
            yield from rows
        else:
            only = next(iter(groups), None)
            for row in rows:
                yield (only, *row)

    # 2. Ratings, per-service ratings and yes/no in one pass: counts per value.
    value_ids = (
        ids_of[QuestionKind.RATING]
        + ids_of[QuestionKind.SERVICE_MATRIX]
        + ids_of[QuestionKind.YES_NO]
    )
    if value_ids:
        for cluster_id, question_id, service_id, value, boolean, n in rows_of(
            answers.filter(question_id__in=value_ids),
            "question_id",
            "service_id",
            "number",
            "boolean",
            n=Count("id"),
        ):
            question = question_of[question_id]
            if question.kind == QuestionKind.YES_NO:
                if boolean is None:
                    continue
                for key in each_group(cluster_id):
                    summary = summaries[key][question.pk]
                    if boolean:
                        summary.yes += n
                    else:
                        summary.no += n
                continue
            if value is None:
                continue
            value = int(value)
            if service_id is not None:
                services[service_id][cluster_id].add(value, n)
            for key in each_group(cluster_id):
                summary = summaries[key][question.pk]
                summary.rating = summary.rating or Rating()
                summary.rating.add(value, n)

    # 3. Numbers: count, mean, smallest, largest.
    if QuestionKind.NUMBER in kinds:
        rows = rows_of(
            answers.filter(question_id__in=ids_of[QuestionKind.NUMBER], number__isnull=False),
            "question_id",
            n=Count("id"),
            mean=Avg("number"),
            low=Min("number"),
            high=Max("number"),
        )
        pooled: dict[int, list] = {}
        for cluster_id, question_id, n, mean, low, high in rows:
            question = question_of[question_id]
            if cluster_id in summaries:
                summaries[cluster_id][question.pk].number = {
                    "n": n,
                    "mean": Decimal(mean).quantize(Decimal("0.01")),
                    "min": low,
                    "max": high,
                }
            acc = pooled.setdefault(question.pk, [0, Decimal(0), low, high])
            acc[0] += n
            acc[1] += Decimal(mean) * n
            acc[2], acc[3] = min(acc[2], low), max(acc[3], high)
        for pk, (n, weighted, low, high) in pooled.items():
            summaries[CONSORTIUM][pk].number = {
                "n": n,
                "mean": (weighted / n).quantize(Decimal("0.01")),
                "min": low,
                "max": high,
            }

    # 5. Choices: how often each was ticked, and by how many responses.
    if kinds & {QuestionKind.SINGLE, QuestionKind.MULTIPLE}:
        ticked: dict[object, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        choice_ids = ids_of[QuestionKind.SINGLE] + ids_of[QuestionKind.MULTIPLE]
        code_of = {pk: code for q in questions for pk, code in q.choice_codes.items()}
        through = Answer.choices.through.objects.filter(answer__question_id__in=choice_ids)
        through = through.filter(
            _submitted_of(campaign_ids)
            if connection.vendor == "postgresql" and not cluster_field
            else Q(
                answer__response__campaign_id__in=campaign_ids,
                answer__response__submitted_at__isnull=False,
            )
        )
        if cluster_field:
            rows = through.values_list(
                "answer__response__cluster_id", "answer__question_id", "choice_id"
            )
        else:
            rows = through.values_list("answer__question_id", "choice_id")
        for row in rows.annotate(n=Count("id")).order_by():
            if not cluster_field:
                row = (next(iter(groups), None), *row)
            cluster_id, question_id, choice_id, n = row
            question = question_of[question_id]
            choice_code = code_of.get(choice_id)  # older versions' choices match by code
            for key in each_group(cluster_id):
                ticked[(key, question.pk)][choice_code] += n
        for (key, question_pk), counts in ticked.items():
            summaries[key][question_pk]._ticked = counts
        for key in keys:
            for summary in summaries[key].values():
                if summary.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    continue
                counts = getattr(summary, "_ticked", {})
                summary.answered = sum(counts.values())  # single: one per response
                base = summary.answered or 1
                summary.choices = [
                    (
                        choice,
                        counts.get(choice.code, 0),
                        round(100 * counts.get(choice.code, 0) / base),
                    )
                    for choice in summary.question.choices.all()
                ]

    # 6. Open answers (text only, never who wrote them), newest first.
    comments: list[tuple[str, str]] = []
    if kinds & {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
        rows = (
            Answer.objects.filter(
                response__campaign_id__in=campaign_ids,
                response__submitted_at__isnull=False,
                question_id__in=ids_of[QuestionKind.SHORT_TEXT] + ids_of[QuestionKind.LONG_TEXT],
            )
            .exclude(text="")
            .order_by("-response__submitted_at", "-pk")
            .values_list("response__cluster_id", "question_id", "text")[: TEXT_LIMIT * 2]
        )
        per_question: dict[int, int] = defaultdict(int)
        for cluster_id, question_id, text in rows:
            question = question_of[question_id]
            if per_question[question.pk] >= TEXT_LIMIT:
                continue
            per_question[question.pk] += 1
            hidden_group = groups.get(cluster_id)
            if anonymous and (hidden_group is None or hidden_group.hidden):
                continue
            for key in each_group(cluster_id):
                summaries[key][question.pk].texts.append(text)
            if question.code == standard.COMMENTS or not is_standard:
                comments.append((hidden_group.label if hidden_group else "", text))

    # Hide the breakdowns of small groups.
    for key in keys:
        group = total if key is CONSORTIUM else groups[key]
        for summary in summaries[key].values():
            summary.hidden = group.hidden

    # Satisfaction index: the pooled satisfaction ratings per group.
    satisfaction: dict[object, Rating] = {}
    for key in keys:
        pooled_rating = Rating()
        for summary in summaries[key].values():
            if summary.question.code in standard.SATISFACTION_CODES and summary.rating:
                pooled_rating.merge(summary.rating)
        satisfaction[key] = pooled_rating

    # Usefulness per service (one row per service and cluster it belongs to).
    service_rows: list[ServiceRow] = []
    if services:
        from services.models import Service

        names = {
            pk: (name, acronym)
            for pk, name, acronym in Service.objects.filter(pk__in=list(services)).values_list(
                "pk", "name", "cluster__acronym"
            )
        }
        for service_id, by_cluster in services.items():
            rating = Rating()
            for cluster_rating in by_cluster.values():
                rating.merge(cluster_rating)
            name, acronym = names.get(service_id, ("?", ""))
            service_rows.append(
                ServiceRow(
                    service_id=service_id,
                    name=name,
                    cluster=acronym,
                    rating=rating,
                    hidden=anonymous and rating.n < MIN_GROUP,
                )
            )
        service_rows.sort(key=lambda row: (row.cluster, row.name, row.service_id))

    ordered_groups = sorted(groups.values(), key=lambda g: g.cluster.acronym)
    return Results(
        campaigns=campaigns,
        questions=questions,
        anonymous=anonymous,
        groups=ordered_groups,
        total=total,
        summaries={key: list(summaries[key].values()) for key in keys},
        satisfaction=satisfaction,
        services=service_rows,
        comments=comments[:TEXT_LIMIT],
        is_standard=is_standard,
    )


def _submitted_of(campaign_ids: list[int]):
    """A condition on the answers table (joined or not): its response is a submitted one
    of these campaigns."""
    if connection.vendor != "postgresql":
        return Q(
            response_id__in=Response.objects.filter(
                campaign_id__in=campaign_ids, submitted_at__isnull=False
            ).values("pk")
        )
    return RawSQL(  # fixed SQL; the ids are a parameter
        "surveys_answer.response_id = ANY(ARRAY(SELECT id FROM surveys_response "
        "WHERE campaign_id = ANY(%s) AND submitted_at IS NOT NULL))",
        [campaign_ids],
        output_field=BooleanField(),
    )


def _submitted_answers(campaign_ids: list[int], *, clusters) -> tuple[QuerySet, str | None]:
    """The answers of the submitted responses of these campaigns, and the field naming
    their cluster (None when they are all of one cluster: no join is needed then).

    The responses are looked up first (an index on the campaign) and the answers through
    their response index: ``response_id = ANY(ARRAY(...))`` lets PostgreSQL read only
    these campaigns' answers where a join would scan the whole answers table."""
    if len(clusters) <= 1:
        return Answer.objects.filter(_submitted_of(campaign_ids)), None
    # Several clusters (the overview): the answers are grouped by the response's cluster,
    # so the join with the responses is needed anyway and the planner's hash join wins.
    answers = Answer.objects.filter(
        response__campaign_id__in=campaign_ids, response__submitted_at__isnull=False
    )
    return answers, "response__cluster_id"


# --- Answers, one row per response (exports and the dataset-exports registry) ------


def export_columns(questions: list[Question], service_names: dict[int, str]) -> list[tuple]:
    """(header, question, service id or None, part) for each column of the answers."""
    columns = []
    for question in questions:
        if question.kind == QuestionKind.SERVICE_MATRIX:
            for service_id, name in service_names.items():
                columns.append((f"{question.code}[{name}]", question, service_id, "number"))
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            columns.append((question.code, question, None, "codes"))
            columns.append((f"{question.code}_label", question, None, "labels"))
        else:
            columns.append((question.code, question, None, "value"))
    return columns


def _value(answer: Answer | None, part: str, language: str):
    if answer is None:
        return ""
    if part == "codes":
        return ";".join(choice.code for choice in answer.picked)
    if part == "labels":
        return "; ".join(localized(choice.label, language) for choice in answer.picked)
    kind = answer.question.kind
    if kind in (QuestionKind.RATING, QuestionKind.NUMBER, QuestionKind.SERVICE_MATRIX):
        if answer.number is None:
            return ""
        return int(answer.number) if answer.number == int(answer.number) else answer.number
    if kind == QuestionKind.YES_NO:
        return "" if answer.boolean is None else ("yes" if answer.boolean else "no")
    return answer.text


def campaign_answer_rows(
    campaign: Campaign, *, language: str = "en", chunk: int = 500
) -> tuple[list[str], Iterator[list]]:
    """The header and the rows (one per submitted response) of a campaign's answers.

    Named campaigns add the member's name and e-mail; anonymous ones never do. The rows
    are produced ``chunk`` responses at a time (streaming exports): three queries per
    chunk, whatever the number of questions."""
    from services.models import Service

    questions = _questions([campaign.questionnaire_id])
    question_ids = [pk for q in questions for pk in q.version_ids]
    service_names = dict(
        Service.objects.filter(
            pk__in=Answer.objects.filter(
                response__campaign=campaign,
                response__submitted_at__isnull=False,
                service__isnull=False,
            ).values("service_id")
        )
        .order_by("name", "pk")
        .values_list("pk", "name")
    )
    columns = export_columns(questions, service_names)
    header = ["response", "cluster", "campaign", "language", "submitted_at"]
    if not campaign.anonymous:
        header += ["name", "email"]
    header += [column[0] for column in columns]

    def rows() -> Iterator[list]:
        responses = (
            Response.objects.filter(campaign=campaign, submitted_at__isnull=False)
            .select_related("invitation")
            .order_by("pk")
        )
        last = 0
        while True:
            batch = list(responses.filter(pk__gt=last)[:chunk])
            if not batch:
                return
            last = batch[-1].pk
            by_response: dict[int, dict] = defaultdict(dict)
            for answer in (
                Answer.objects.filter(response__in=batch, question_id__in=question_ids)
                .select_related("question")
                .prefetch_related(Prefetch("choices", to_attr="picked"))
            ):
                by_response[answer.response_id][(answer.question.code, answer.service_id)] = answer
            for response in batch:
                answers = by_response.get(response.pk, {})
                row = [
                    response.pk,
                    campaign.cluster.acronym,
                    campaign.title,
                    response.language,
                    response.submitted_at.isoformat() if response.submitted_at else "",
                ]
                if not campaign.anonymous:
                    row += [response.invitation.name, response.invitation.email]
                for _header, question, service_id, part in columns:
                    answer = answers.get((question.code, service_id))
                    row.append(_value(answer, part, language))
                yield row

    return header, rows()


def answer_rows(user, campaign: Campaign | None = None) -> tuple[list[str], Iterable[list]]:
    """Every submitted response the user may see, one row each (for the dataset exports).

    Campaigns of different questionnaires have different columns, so each row carries the
    question code and value pairs of its own campaign: the header is fixed
    (campaign, cluster, response, language, submitted_at, name, email, question,
    service, value). Anonymous campaigns leave name and e-mail empty."""
    campaigns = visible_campaigns(user).order_by("pk")
    if campaign is not None:
        campaigns = campaigns.filter(pk=campaign.pk)
    header = [
        "campaign",
        "cluster",
        "response",
        "language",
        "submitted_at",
        "name",
        "email",
        "question",
        "service",
        "value",
    ]

    def rows() -> Iterator[list]:
        for each in campaigns:
            answers = (
                Answer.objects.filter(response__campaign=each, response__submitted_at__isnull=False)
                .select_related("question", "service", "response__invitation")
                .prefetch_related(Prefetch("choices", to_attr="picked"))
                .order_by("response_id", "question__section__position", "question__position", "pk")
            )
            for answer in answers.iterator(chunk_size=2000):
                response = answer.response
                named = not each.anonymous
                value = _value(answer, "value", "en")
                if answer.question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                    value = _value(answer, "codes", "en")
                yield [
                    each.title,
                    each.cluster.acronym,
                    response.pk,
                    response.language,
                    response.submitted_at.isoformat(),
                    response.invitation.name if named else "",
                    response.invitation.email if named else "",
                    answer.question.code,
                    answer.service.name if answer.service else "",
                    value,
                ]

    return header, rows()
