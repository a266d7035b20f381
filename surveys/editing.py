"""Every write of the questionnaire editor. Keyword-only, the acting user first,
atomic, ``full_clean`` before ``save``.

Versioning: a questionnaire whose campaigns have answers is frozen. Any edit of it
first makes the next version (a copy with its sections, questions, choices and show-if
links remapped; the old one stops being current) and applies the edit to the copy, so
the answers keep pointing at the questions they answered. Each edit returns the
edited object and whether a new version was made, so the page can say so."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Choice, Question, Questionnaire, Section


def _require_edit(actor, questionnaire: Questionnaire) -> None:
    if not selectors.can_edit_questionnaire(actor, questionnaire):
        raise PermissionDenied


def _writable(actor, questionnaire: Questionnaire) -> tuple[Questionnaire, dict | None]:
    """The version an edit goes to: this one, or (it has answers) a new one."""
    _require_edit(actor, questionnaire)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if not questionnaire.is_current:
        raise ValidationError(_("Only the current version can be changed."), code="old_version")
    if selectors.questionnaire_has_answers(questionnaire):
        return questionnaire_new_version(actor=actor, questionnaire=questionnaire)
    return questionnaire, None


@transaction.atomic
def questionnaire_new_version(*, actor, questionnaire: Questionnaire):
    """Copy ``questionnaire`` as its next version; returns (copy, {"section": {old pk:
    new}, "question": ..., "choice": ...})."""
    _require_edit(actor, questionnaire)
    latest = Questionnaire.objects.filter(
        project_id=questionnaire.project_id, key=questionnaire.key
    ).aggregate(latest=Max("version"))["latest"]
    Questionnaire.objects.filter(pk=questionnaire.pk).update(is_current=False)
    questionnaire.is_current = False
    copy = Questionnaire(
        project_id=questionnaire.project_id,
        cluster_id=questionnaire.cluster_id,
        key=questionnaire.key,
        version=latest + 1,
        purpose=questionnaire.purpose,
        title=questionnaire.title,
        introduction=questionnaire.introduction,
        all_services=questionnaire.all_services,
        is_current=True,
        created_by=actor,
    )
    copy.full_clean()
    copy.save()
    maps: dict[str, dict] = {"section": {}, "question": {}, "choice": {}}
    for section in questionnaire.sections.order_by("position", "pk"):
        old_pk = section.pk
        section.pk = None
        section.questionnaire = copy
        section.save()
        maps["section"][old_pk] = section
    questions = list(questionnaire.questions.order_by("pk"))
    links = {}
    for question in questions:
        old_pk = question.pk
        links[old_pk] = question.show_if_id
        question.pk = None
        question.questionnaire = copy
        question.section = maps["section"][question.section_id]
        question.show_if = None
        show_if_value = question.show_if_value
        question.show_if_value = ""
        question.save()
        question.show_if_value = show_if_value
        maps["question"][old_pk] = question
    for old_pk, target in links.items():
        if target is not None:
            question = maps["question"][old_pk]
            question.show_if = maps["question"][target]
            question.save(update_fields=["show_if", "show_if_value"])
    for choice in Choice.objects.filter(question__questionnaire=questionnaire).order_by("pk"):
        old_pk = choice.pk
        choice.pk = None
        choice.question = maps["question"][choice.question_id]
        choice.save()
        maps["choice"][old_pk] = choice
    return copy, maps


@transaction.atomic
def questionnaire_create(*, actor, project, cluster=None, **fields) -> Questionnaire:
    questionnaire = Questionnaire(project=project, cluster=cluster, created_by=actor, **fields)
    _require_edit(actor, questionnaire)
    if Questionnaire.objects.filter(project=project, key=questionnaire.key).exists():
        raise ValidationError({"key": _("Another questionnaire has this key.")})
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(*, actor, questionnaire: Questionnaire, **fields):
    """Change the title, introduction, purpose or the services rule."""
    target, maps = _writable(actor, questionnaire)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean(exclude=["created_by"])  # empty for questionnaires shipped as data
    target.save()
    return target, maps is not None


def _renumber(items) -> None:
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def _move(items: list, item, direction: str) -> None:
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    _renumber(items)


def _in_version(maps, kind: str, item):
    return maps[kind][item.pk] if maps else item


# --- Sections -------------------------------------------------------------------------


@transaction.atomic
def section_save(*, actor, questionnaire: Questionnaire, section: Section | None = None, **fields):
    target, maps = _writable(actor, questionnaire)
    if section is None:
        last = target.sections.aggregate(last=Max("position"))["last"]
        section = Section(questionnaire=target, position=0 if last is None else last + 1)
    else:
        section = _in_version(maps, "section", section)
    for name, value in fields.items():
        setattr(section, name, value)
    section.full_clean()
    section.save()
    return section, maps is not None


@transaction.atomic
def section_remove(*, actor, section: Section):
    target, maps = _writable(actor, section.questionnaire)
    section = _in_version(maps, "section", section)
    Question.objects.filter(show_if__section=section).exclude(section=section).update(
        show_if=None, show_if_value=""
    )
    section.delete()
    _renumber(list(target.sections.order_by("position", "pk")))
    return target, maps is not None


@transaction.atomic
def section_move(*, actor, section: Section, direction: str):
    target, maps = _writable(actor, section.questionnaire)
    section = _in_version(maps, "section", section)
    _move(list(target.sections.order_by("position", "pk")), section, direction)
    return section, maps is not None


# --- Questions ------------------------------------------------------------------------


def _check_show_if(question: Question) -> None:
    target = question.show_if
    if target is None:
        question.show_if_value = ""
        return
    order = list(
        Question.objects.filter(questionnaire=question.questionnaire)
        .order_by("section__position", "section_id", "position", "pk")
        .values_list("pk", flat=True)
    )
    if question.pk and (
        target.pk == question.pk or order.index(target.pk) > order.index(question.pk)
    ):
        raise ValidationError({"show_if": _("Choose a question asked before this one.")})
    if target.kind == "yes_no":
        allowed = ["yes", "no"]
    elif target.kind in ("single", "multiple"):
        allowed = list(target.choices.values_list("code", flat=True))
    else:
        raise ValidationError(
            {"show_if": _("Only a yes/no or a choice question can show another question.")}
        )
    if question.show_if_value not in allowed:
        raise ValidationError(
            {"show_if_value": _("Enter one of: %(values)s.") % {"values": ", ".join(allowed)}}
        )


@transaction.atomic
def question_save(
    *, actor, section: Section, question: Question | None = None, show_if=None, **fields
):
    target, maps = _writable(actor, section.questionnaire)
    section = _in_version(maps, "section", section)
    if question is None:
        last = section.questions.aggregate(last=Max("position"))["last"]
        question = Question(
            questionnaire=target, section=section, position=0 if last is None else last + 1
        )
    else:
        question = _in_version(maps, "question", question)
    for name, value in fields.items():
        setattr(question, name, value)
    question.show_if = _in_version(maps, "question", show_if) if show_if is not None else None
    if question.kind != "number":
        question.min_value = question.max_value = None
    question.full_clean()
    question.save()
    _check_show_if(question)
    question.save(update_fields=["show_if_value"])
    return question, maps is not None


@transaction.atomic
def question_remove(*, actor, question: Question):
    target, maps = _writable(actor, question.questionnaire)
    question = _in_version(maps, "question", question)
    section = question.section
    question.dependents.update(show_if=None, show_if_value="")
    question.delete()
    _renumber(list(section.questions.order_by("position", "pk")))
    return target, maps is not None


@transaction.atomic
def question_move(*, actor, question: Question, direction: str):
    _target, maps = _writable(actor, question.questionnaire)
    question = _in_version(maps, "question", question)
    _move(list(question.section.questions.order_by("position", "pk")), question, direction)
    return question, maps is not None


# --- Choices --------------------------------------------------------------------------


@transaction.atomic
def choice_save(*, actor, question: Question, choice: Choice | None = None, **fields):
    _target, maps = _writable(actor, question.questionnaire)
    question = _in_version(maps, "question", question)
    if question.kind not in ("single", "multiple"):
        raise ValidationError(_("Only choice questions have choices."), code="not_choice")
    if choice is None:
        last = question.choices.aggregate(last=Max("position"))["last"]
        choice = Choice(question=question, position=0 if last is None else last + 1)
    else:
        choice = _in_version(maps, "choice", choice)
    for name, value in fields.items():
        setattr(choice, name, value)
    choice.full_clean()
    choice.save()
    return choice, maps is not None


@transaction.atomic
def choice_remove(*, actor, choice: Choice):
    target, maps = _writable(actor, choice.question.questionnaire)
    choice = _in_version(maps, "choice", choice)
    question = choice.question
    question.dependents.filter(show_if_value=choice.code).update(show_if=None, show_if_value="")
    choice.delete()
    _renumber(list(question.choices.order_by("position", "pk")))
    return target, maps is not None


@transaction.atomic
def choice_move(*, actor, choice: Choice, direction: str):
    _target, maps = _writable(actor, choice.question.questionnaire)
    choice = _in_version(maps, "choice", choice)
    _move(list(choice.question.choices.order_by("position", "pk")), choice, direction)
    return choice, maps is not None
