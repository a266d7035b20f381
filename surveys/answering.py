"""Answering through the personal link: what a respondent sees (show-if rules) and
every write (opening, consent, saving a page, submitting).

Every write locks the invitation row first (``select_for_update``), so two requests
of the same link (a double click, a replay, two tabs) are serialised: the response is
created once (one-to-one with the invitation) and a page's answers are replaced, never
duplicated (unique per question, and per service)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Answer,
    Invitation,
    InvitationStatus,
    Question,
    QuestionKind,
    Response,
    Section,
)

# Statuses a first visit / a first saved page may move on from (S2 sets the others).
_BEFORE_OPENED = (InvitationStatus.QUEUED, InvitationStatus.SENT, InvitationStatus.FAILED)
_BEFORE_IN_PROGRESS = (*_BEFORE_OPENED, InvitationStatus.OPENED)


# --- Values and show-if (no writes) ---------------------------------------------------


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or value == {}


def condition_met(question: Question, values: dict) -> bool:
    """Is ``question``'s show-if rule met by ``values`` (code -> value)? No rule: yes."""
    target = question.show_if
    if target is None:
        return True
    value = values.get(target.code)
    if is_empty(value):
        return False
    expected = question.show_if_value
    if target.kind == QuestionKind.YES_NO:
        return ("yes" if value else "no") == expected
    if target.kind == QuestionKind.MULTIPLE:
        return expected in value
    if isinstance(value, Decimal):
        try:
            return value == Decimal(expected)
        except ArithmeticError:
            return False
    return str(value) == expected


def values_from_answers(answers, questions_by_pk: dict[int, Question]) -> dict:
    """Stored answers as code -> value (see ``answer_forms`` for each kind's shape)."""
    values: dict = {}
    for answer in answers:
        question = questions_by_pk.get(answer.question_id)
        if question is None:
            continue
        kind = question.kind
        if kind == QuestionKind.SERVICE_MATRIX:
            values.setdefault(question.code, {})[answer.service_id] = answer.number
        elif kind in (QuestionKind.RATING, QuestionKind.NUMBER):
            values[question.code] = answer.number
        elif kind == QuestionKind.YES_NO:
            values[question.code] = answer.boolean
        elif kind == QuestionKind.SINGLE:
            codes = [choice.code for choice in answer.choice_list]
            values[question.code] = codes[0] if codes else None
        elif kind == QuestionKind.MULTIPLE:
            values[question.code] = [choice.code for choice in answer.choice_list]
        else:
            values[question.code] = answer.text
    return values


def response_values(response, sections: list[Section]) -> dict:
    """The stored answers of a response (None: not started) as code -> value."""
    from .selectors import answers_of

    questions = {q.pk: q for section in sections for q in section.question_list}
    return values_from_answers(answers_of(response), questions)


def visible_questions(section: Section, values: dict, services: list) -> list[Question]:
    """The section's questions shown with these answers (a matrix with no services is not)."""
    return [
        question
        for question in section.question_list
        if condition_met(question, values)
        and not (question.kind == QuestionKind.SERVICE_MATRIX and not services)
    ]


def missing_required(sections: list[Section], values: dict, services: list) -> list[tuple]:
    """(page number, question) of every required, shown question left unanswered."""
    missing = []
    for number, section in enumerate(sections, start=1):
        for question in visible_questions(section, values, services):
            if not question.required:
                continue
            value = values.get(question.code)
            if question.kind == QuestionKind.SERVICE_MATRIX:
                value = value or {}
                if any(is_empty(value.get(service.pk)) for service in services):
                    missing.append((number, question))
            elif is_empty(value):
                missing.append((number, question))
    return missing


# --- Writes ---------------------------------------------------------------------------


def _locked(invitation: Invitation) -> Invitation:
    return Invitation.objects.select_for_update().get(pk=invitation.pk)


@transaction.atomic
def invitation_open(*, invitation: Invitation) -> Invitation:
    """A first visit: the invitation becomes ``opened`` (later visits change nothing)."""
    if invitation.status not in _BEFORE_OPENED and invitation.opened_at is not None:
        return invitation
    locked = _locked(invitation)
    changed = []
    if locked.opened_at is None:
        locked.opened_at = timezone.now()
        changed.append("opened_at")
    if locked.status in _BEFORE_OPENED:
        locked.status = InvitationStatus.OPENED
        changed.append("status")
    if changed:
        locked.save(update_fields=changed)
        invitation.status, invitation.opened_at = locked.status, locked.opened_at
    return invitation


@transaction.atomic
def response_consent(*, invitation: Invitation, language: str, consent_text: str) -> Response:
    """The respondent agreed to the privacy notice: their response starts (once)."""
    locked = _locked(invitation)
    response = Response.objects.filter(invitation=locked).first()
    if response is None:
        response = Response(
            invitation=locked,
            campaign_id=locked.campaign_id,
            cluster_id=invitation.campaign.cluster_id,
        )
    if response.consent_at is None:
        response.consent_at = timezone.now()
        response.consent_text = consent_text
    response.language = language
    response.full_clean(validate_unique=False)
    response.save()
    return response


def _answer_rows(response: Response, question: Question, value) -> list[tuple[Answer, list]]:
    kind = question.kind
    if kind == QuestionKind.SERVICE_MATRIX:
        return [
            (Answer(response=response, question=question, service_id=pk, number=number), [])
            for pk, number in value.items()
            if not is_empty(number)
        ]
    answer = Answer(response=response, question=question)
    chosen = []
    if kind in (QuestionKind.RATING, QuestionKind.NUMBER):
        answer.number = value
    elif kind == QuestionKind.YES_NO:
        answer.boolean = value
    elif kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        codes = [value] if kind == QuestionKind.SINGLE else list(value)
        chosen = [choice for choice in question.choice_list if choice.code in codes]
    else:
        answer.text = value
    return [(answer, chosen)]


@transaction.atomic
def page_save(
    *,
    invitation: Invitation,
    section: Section,
    values: dict,
    next_section: int,
    language: str,
) -> Response:
    """Replace the answers of one page by ``values`` (code -> value of the page's shown
    questions; a question of the page absent from it is cleared). ``next_section`` is
    where the respondent resumes (0-based; the number of pages: the review)."""
    locked = _locked(invitation)
    response = Response.objects.filter(invitation=locked).first()
    if response is None or response.consent_at is None:
        raise ValidationError(_("Agree to the privacy notice first."), code="no_consent")
    page_questions = list(section.question_list)
    Answer.objects.filter(response=response, question__in=page_questions).delete()
    rows = []
    for question in page_questions:
        value = values.get(question.code)
        if not is_empty(value):
            rows.extend(_answer_rows(response, question, value))
    for answer, _chosen in rows:
        answer.full_clean(exclude=["response", "question", "service", "choices"])
    Answer.objects.bulk_create([answer for answer, _chosen in rows])
    through = Answer.choices.through
    through.objects.bulk_create(
        [
            through(answer_id=answer.pk, choice_id=choice.pk)
            for answer, chosen in rows
            for choice in chosen
        ]
    )
    response.last_section = next_section
    response.language = language
    response.save(update_fields=["last_section", "language", "updated_at"])
    if locked.status in _BEFORE_IN_PROGRESS:
        locked.status = InvitationStatus.IN_PROGRESS
        locked.save(update_fields=["status"])
        invitation.status = locked.status
    return response


@transaction.atomic
def response_submit(*, invitation: Invitation, sections: list[Section], services: list) -> Response:
    """Submit (or submit again after a change): every required shown question must be
    answered. The first submit's time is kept; answers of questions that the final
    answers hide are removed, so results never count them."""
    locked = _locked(invitation)
    response = Response.objects.filter(invitation=locked).first()
    if response is None or response.consent_at is None:
        raise ValidationError(_("Agree to the privacy notice first."), code="no_consent")
    values = response_values(response, sections)
    if missing_required(sections, values, services):
        raise ValidationError(_("Some required questions are not answered."), code="missing")
    shown = {
        question.pk
        for section in sections
        for question in visible_questions(section, values, services)
    }
    Answer.objects.filter(response=response).exclude(question_id__in=shown).delete()
    now = timezone.now()
    if response.submitted_at is None:
        response.submitted_at = now
    response.last_section = len(sections)
    response.save(update_fields=["submitted_at", "last_section", "updated_at"])
    if locked.status != InvitationStatus.COMPLETED:
        locked.status = InvitationStatus.COMPLETED
        locked.save(update_fields=["status"])
        invitation.status = locked.status
    return response
