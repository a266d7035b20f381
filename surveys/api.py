"""REST API of the surveys app (read only); every queryset starts from tracekei.access."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse

from tracekei import access

from . import results
from .models import (
    Answer,
    Campaign,
    Choice,
    Invitation,
    Question,
    Questionnaire,
    Response,
    Section,
)
from .serializers import (
    SurveyCampaignSerializer,
    SurveyQuestionnaireSerializer,
    SurveyResponseSerializer,
)


def _count(queryset):
    """The number of rows of a correlated queryset, as a subquery."""
    counted = queryset.order_by().values("campaign").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def visible_questionnaires(user):
    """The consortium's questionnaires of the user's projects and their clusters' own."""
    clusters = access.visible_clusters(user)
    return Questionnaire.objects.filter(
        Q(cluster__isnull=True, project__in=clusters.values("project"))
        | Q(cluster__in=clusters.values("pk"))
    )


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SurveyQuestionnaireSerializer

    def get_queryset(self):
        questions = Question.objects.select_related("show_if").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))
        )
        return (
            visible_questionnaires(self.request.user)
            .select_related("cluster")
            .prefetch_related(
                Prefetch(
                    "sections",
                    queryset=Section.objects.prefetch_related(
                        Prefetch("questions", queryset=questions)
                    ),
                )
            )
            .order_by("key", "-version", "pk")
        )


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SurveyCampaignSerializer

    def get_queryset(self):
        return (
            access.scope(
                Campaign.objects.select_related("cluster", "questionnaire"), self.request.user
            )
            # Subqueries, not two joined counts: joining invitations and responses
            # would multiply the rows of a large campaign (10,000 x 10,000).
            .annotate(
                invited=_count(Invitation.objects.filter(campaign=OuterRef("pk"))),
                submitted=_count(
                    Response.objects.filter(campaign=OuterRef("pk"), submitted_at__isnull=False)
                ),
            )
            .order_by("-opens_on", "-pk")
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True)
    def results(self, request, pk=None):
        """The figures of the results page, with the same small-group rule."""
        campaign = self.get_object()
        return ApiResponse(results_payload(results.campaign_results(campaign)))


class ResponseViewSet(viewsets.ReadOnlyModelViewSet):
    """Submitted responses with their answers; anonymous campaigns: no identity."""

    serializer_class = SurveyResponseSerializer

    def get_queryset(self):
        answers = Answer.objects.select_related("question").prefetch_related("choices")
        return (
            access.scope(Response.objects.filter(submitted_at__isnull=False), self.request.user)
            .select_related("campaign", "cluster", "invitation")
            .prefetch_related(Prefetch("answers", queryset=answers))
            .order_by("pk")
        )


def _rating(rating) -> dict | None:
    if rating is None or not rating.n:
        return None
    return {"n": rating.n, "mean": rating.mean, "distribution": rating.counts}


def results_payload(outcome: results.Results) -> dict:
    """The results as JSON; a hidden group (anonymous, under 5) has figures null."""
    groups = []
    for group, rating in outcome.group_rows():
        groups.append(
            {
                "cluster": group.cluster.slug if group.cluster else None,
                "invited": group.invited,
                "submitted": group.submitted,
                "response_rate": group.rate,
                "hidden": group.hidden,
                "satisfaction": None if group.hidden else _rating(rating),
            }
        )
    questions = []
    for summary in outcome.summaries_for():
        item = {"code": summary.question.code, "kind": summary.kind, "hidden": summary.hidden}
        if not summary.hidden:
            if summary.rating is not None:
                item["rating"] = _rating(summary.rating)
            if summary.kind == "yes_no":
                item.update(yes=summary.yes, no=summary.no)
            if summary.choices:
                item["choices"] = {choice.code: n for choice, n, _ in summary.choices}
            if summary.number:
                item["number"] = summary.number
            if summary.texts:
                item["texts"] = summary.texts
        questions.append(item)
    return {
        "anonymous": outcome.anonymous,
        "min_group": results.MIN_GROUP,
        "satisfaction_index": None if outcome.total.hidden else outcome.index,
        "groups": groups,
        "services": [
            {
                "service": row.service_id,
                "name": row.name,
                "cluster": row.cluster,
                "hidden": row.hidden,
                "rating": None if row.hidden else _rating(row.rating),
            }
            for row in outcome.services
        ],
        "questions": questions,
        "comments": [text for _cluster, text in outcome.comments],
    }


def register(router):
    router.register("questionnaires", QuestionnaireViewSet, basename="survey-questionnaire")
    router.register("campaigns", CampaignViewSet, basename="survey-campaign")
    router.register("responses", ResponseViewSet, basename="survey-response")
