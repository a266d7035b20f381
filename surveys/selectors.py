"""Reads of the surveys app: questionnaires a user may see or edit, a questionnaire's
structure in a fixed number of queries, and the personal link's invitation."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from clusters.models import RoleAssignment
from tracekei import access

from . import tokens
from .models import (
    Answer,
    Choice,
    Invitation,
    InvitationStatus,
    Question,
    Questionnaire,
    Section,
)

# A hash looked up when the link cannot hold a token, so every look-up costs the same.
_NO_TOKEN_HASH = tokens.hash_token("-")


# --- Questionnaires -----------------------------------------------------------------


def questionnaires_visible(user) -> QuerySet[Questionnaire]:
    """The consortium's questionnaires of the user's projects and their clusters' own."""
    clusters = access.visible_clusters(user)
    return Questionnaire.objects.filter(
        Q(cluster__isnull=True, project__in=clusters.values("project"))
        | Q(cluster__in=clusters.values("pk"))
    )


def questionnaire_list(user) -> list[Questionnaire]:
    """Current versions, each with ``versions`` (every version of its key), newest first."""
    visible = questionnaires_visible(user).select_related("cluster")
    rows = list(visible.order_by("cluster__acronym", "key", "-version"))
    by_key: dict[tuple, list[Questionnaire]] = {}
    for questionnaire in rows:
        by_key.setdefault((questionnaire.project_id, questionnaire.key), []).append(questionnaire)
    current = []
    for versions in by_key.values():
        head = next((q for q in versions if q.is_current), versions[0])
        head.versions = versions
        current.append(head)
    return current


def questionnaire_get(*, user, pk: int) -> Questionnaire:
    try:
        return questionnaires_visible(user).select_related("cluster", "project").get(pk=pk)
    except Questionnaire.DoesNotExist as error:
        raise Http404 from error


def can_edit_questionnaire(user, questionnaire: Questionnaire) -> bool:
    """The consortium's: its project's coordinator (and admins); a cluster's own: those
    who may change the cluster."""
    if not user.is_authenticated or not user.is_active:
        return False
    if questionnaire.cluster_id is None:
        if user.is_superuser:
            return True
        return RoleAssignment.objects.filter(
            user=user, role="coordinator", project_id=questionnaire.project_id
        ).exists()
    return access.can_change_cluster(user, questionnaire.cluster)


def questionnaire_has_answers(questionnaire: Questionnaire) -> bool:
    return Answer.objects.filter(response__campaign__questionnaire=questionnaire).exists()


def questionnaire_versions(questionnaire: Questionnaire) -> QuerySet[Questionnaire]:
    return Questionnaire.objects.filter(
        project_id=questionnaire.project_id, key=questionnaire.key
    ).order_by("-version")


def questionnaire_sections(questionnaire: Questionnaire) -> list[Section]:
    """Sections with ``question_list`` and each question's ``choice_list``: 3 queries."""
    questions = Question.objects.select_related("show_if").prefetch_related(
        Prefetch(
            "choices", queryset=Choice.objects.order_by("position", "pk"), to_attr="choice_list"
        )
    )
    return list(
        Section.objects.filter(questionnaire=questionnaire)
        .order_by("position", "pk")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=questions.order_by("position", "pk"),
                to_attr="question_list",
            )
        )
    )


# --- The personal link --------------------------------------------------------------


def invitation_by_token(token: str | None) -> Invitation | None:
    """The invitation of a link whatever its state (the unsubscribe page needs closed
    campaigns too), or None. Always one hash and one query, whatever the input."""
    token_hash = tokens.hash_token(token) if tokens.looks_like_token(token) else _NO_TOKEN_HASH
    return (
        Invitation.objects.select_related(
            "campaign__cluster", "campaign__questionnaire", "member", "response"
        )
        .filter(token_hash=token_hash)
        .first()
    )


def invitation_for_token(token: str | None) -> Invitation | None:
    """The invitation a link opens for answering, or None when it opens nothing
    (unknown, malformed, opted out, campaign not open)."""
    invitation = invitation_by_token(token)
    if invitation is None or invitation.status == InvitationStatus.OPTED_OUT:
        return None
    if not invitation.campaign.is_open:
        return None
    return invitation


def response_of(invitation: Invitation):
    try:
        return invitation.response
    except Invitation.response.RelatedObjectDoesNotExist:
        return None


def answers_of(response) -> list[Answer]:
    if response is None:
        return []
    return list(
        Answer.objects.filter(response=response).prefetch_related(
            Prefetch("choices", queryset=Choice.objects.only("pk", "code"), to_attr="choice_list")
        )
    )


def matrix_services(invitation: Invitation):
    """The services a per-service question lists for this recipient: those the member
    received from the campaign's cluster, or all the cluster's when the questionnaire says so."""
    from services.models import Service

    campaign = invitation.campaign
    services = Service.objects.filter(cluster_id=campaign.cluster_id)
    if not campaign.questionnaire.all_services:
        if invitation.member_id is None:
            return []
        services = services.filter(deliveries__member_id=invitation.member_id).distinct()
    return list(services.order_by("name", "pk").only("pk", "name"))
