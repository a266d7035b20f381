"""The questionnaire editor (``/surveys/questionnaires/``): thin adapters over
``surveys.selectors`` (who sees what) and ``surveys.editing`` (every write)."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clusters.models import Project, RoleAssignment
from tracekei import access

from .. import editing, editor_forms, selectors
from ..answer_forms import SectionForm as AnswerSectionForm
from ..models import (
    LANGUAGE_CODES,
    Choice,
    Question,
    QuestionKind,
    Section,
    localized,
    missing_languages,
)


def _new_version_note(request, made: bool, questionnaire) -> None:
    if made:
        messages.info(
            request,
            _(
                "This questionnaire already has answers, so your change went into a new "
                "version (v%(version)s). The answers stay with the earlier version."
            )
            % {"version": questionnaire.version},
        )


def questionnaire_list(request):
    rows = selectors.questionnaire_list(request.user)
    for questionnaire in rows:
        questionnaire.label = localized(questionnaire.title)
    context = {"questionnaires": rows, "can_create": _owners(request.user) != []}
    return render(request, "surveys/editor/questionnaire_list.html", context)


def _owners(user) -> list[tuple[str, str]]:
    """Whose questionnaire the user may create: the consortium's (coordinator), a cluster's."""
    owners = []
    coordinated = Project.objects.filter(
        pk__in=access.editable_clusters(user).values("project")
    ).order_by("pk")
    for project in coordinated:
        if (
            user.is_superuser
            or RoleAssignment.objects.filter(
                user=user, role="coordinator", project=project
            ).exists()
        ):
            owners.append((f"project-{project.pk}", _("The consortium (%s)") % project.acronym))
    for cluster in access.editable_clusters(user).order_by("acronym"):
        owners.append((f"cluster-{cluster.pk}", cluster.acronym))
    return owners


def _text_badges(text) -> list[str]:
    return missing_languages(text)


def questionnaire_detail(request, pk):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    sections = selectors.questionnaire_sections(questionnaire)
    for section in sections:
        section.label = localized(section.title)
        section.missing = _text_badges(section.title)
        for question in section.question_list:
            question.label = localized(question.text)
            missing = set(missing_languages(question.text))
            if question.help_text:
                missing |= set(missing_languages(question.help_text))
            question.missing = [code for code in LANGUAGE_CODES if code in missing]
            for choice in question.choice_list:
                choice.missing = missing_languages(choice.label)
    context = {
        "questionnaire": questionnaire,
        "title": localized(questionnaire.title),
        "title_missing": missing_languages(questionnaire.title),
        "sections": sections,
        "versions": selectors.questionnaire_versions(questionnaire),
        "can_edit": questionnaire.is_current
        and selectors.can_edit_questionnaire(request.user, questionnaire),
        "has_answers": selectors.questionnaire_has_answers(questionnaire),
        "languages": LANGUAGE_CODES,
    }
    return render(request, "surveys/editor/questionnaire_detail.html", context)


def _editable(request, pk):
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    if not selectors.can_edit_questionnaire(request.user, questionnaire):
        raise PermissionDenied
    if not questionnaire.is_current:
        raise Http404
    return questionnaire


@require_http_methods(["GET", "POST"])
def questionnaire_create(request):
    owners = _owners(request.user)
    if not owners:
        raise PermissionDenied
    form = editor_forms.QuestionnaireForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        kind, _sep, owner_pk = form.cleaned_data["owner"].partition("-")
        if kind == "project":
            project = Project.objects.get(pk=owner_pk)
            cluster = None
        else:
            cluster = access.editable_clusters(request.user).get(pk=owner_pk)
            project = cluster.project
        try:
            questionnaire = editing.questionnaire_create(
                actor=request.user,
                project=project,
                cluster=cluster,
                key=form.cleaned_data["key"],
                purpose=form.cleaned_data["purpose"],
                all_services=form.cleaned_data["all_services"],
                **form.text_values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The questionnaire was created. Add its first page."))
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "heading": _("New questionnaire")}
    return render(request, "surveys/editor/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def questionnaire_edit(request, pk):
    questionnaire = _editable(request, pk)
    form = editor_forms.QuestionnaireForm(request.POST or None, instance=questionnaire)
    if request.method == "POST" and form.is_valid():
        try:
            edited, made = editing.questionnaire_update(
                actor=request.user,
                questionnaire=questionnaire,
                purpose=form.cleaned_data["purpose"],
                all_services=form.cleaned_data["all_services"],
                **form.text_values(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Saved."))
            _new_version_note(request, made, edited)
            return redirect("surveys:questionnaire_detail", pk=edited.pk)
    context = {
        "form": form,
        "questionnaire": questionnaire,
        "heading": _("Edit the questionnaire"),
    }
    return render(request, "surveys/editor/form.html", context, status=400 if form.errors else 200)


# --- Sections, questions, choices --------------------------------------------------------

PARTS = {
    "section": {"model": Section, "form": editor_forms.SectionForm, "fields": ()},
    "question": {
        "model": Question,
        "form": editor_forms.QuestionForm,
        "fields": ("code", "kind", "required", "min_value", "max_value", "show_if_value"),
    },
    "choice": {"model": Choice, "form": editor_forms.ChoiceForm, "fields": ("code",)},
}
HEADINGS = {
    ("section", False): gettext_lazy("New page"),
    ("section", True): gettext_lazy("Edit the page"),
    ("question", False): gettext_lazy("New question"),
    ("question", True): gettext_lazy("Edit the question"),
    ("choice", False): gettext_lazy("New choice"),
    ("choice", True): gettext_lazy("Edit the choice"),
}


def _part(questionnaire, part: str, pk: int):
    if part not in PARTS:
        raise Http404
    model = PARTS[part]["model"]
    lookup = {
        "section": {"questionnaire": questionnaire},
        "question": {"questionnaire": questionnaire},
        "choice": {"question__questionnaire": questionnaire},
    }[part]
    try:
        return model.objects.get(pk=pk, **lookup)
    except model.DoesNotExist as error:
        raise Http404 from error


def _parent(request, questionnaire, part: str):
    """The section a new question goes to, the question a new choice goes to."""
    if part == "question":
        return _part(questionnaire, "section", _int(request.GET.get("section")))
    if part == "choice":
        return _part(questionnaire, "question", _int(request.GET.get("question")))
    return None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise Http404 from error


def _save(request, questionnaire, part, form, item, parent):
    data = {name: form.cleaned_data.get(name) for name in PARTS[part]["fields"]}
    data.update(form.text_values())
    if part == "section":
        return editing.section_save(
            actor=request.user, questionnaire=questionnaire, section=item, **data
        )
    if part == "question":
        data["show_if"] = form.cleaned_data.get("show_if")
        data["show_if_value"] = data["show_if_value"] or ""
        section = item.section if item is not None else parent
        return editing.question_save(actor=request.user, section=section, question=item, **data)
    question = item.question if item is not None else parent
    return editing.choice_save(actor=request.user, question=question, choice=item, **data)


def _questionnaire_of(obj):
    if isinstance(obj, Choice):
        return obj.question.questionnaire
    return obj.questionnaire


def _part_form(request, pk, part, item_pk=None):
    questionnaire = _editable(request, pk)
    item = _part(questionnaire, part, item_pk) if item_pk is not None else None
    parent = None if item is not None else _parent(request, questionnaire, part)
    if part == "choice" and (item or parent) is not None:
        question = item.question if item else parent
        if question.kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            raise Http404
    extra = {"questionnaire": questionnaire} if part == "question" else {}
    form = PARTS[part]["form"](request.POST or None, instance=item, **extra)
    if request.method == "POST" and form.is_valid():
        try:
            saved, made = _save(request, questionnaire, part, form, item, parent)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Saved."))
            version = _questionnaire_of(saved)
            _new_version_note(request, made, version)
            return redirect("surveys:questionnaire_detail", pk=version.pk)
    context = {
        "form": form,
        "questionnaire": questionnaire,
        "heading": HEADINGS[(part, item is not None)],
        "parent": parent,
    }
    return render(request, "surveys/editor/form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def part_create(request, pk, part):
    return _part_form(request, pk, part)


@require_http_methods(["GET", "POST"])
def part_edit(request, pk, part, item):
    return _part_form(request, pk, part, item)


@require_http_methods(["GET", "POST"])
def part_remove(request, pk, part, item):
    questionnaire = _editable(request, pk)
    obj = _part(questionnaire, part, item)
    if request.method == "POST":
        remove = {
            "section": lambda: editing.section_remove(actor=request.user, section=obj),
            "question": lambda: editing.question_remove(actor=request.user, question=obj),
            "choice": lambda: editing.choice_remove(actor=request.user, choice=obj),
        }[part]
        target, made = remove()
        messages.success(request, _("Removed."))
        _new_version_note(request, made, target)
        return redirect("surveys:questionnaire_detail", pk=target.pk)
    context = {"questionnaire": questionnaire, "object": obj, "label": str(obj)}
    return render(request, "surveys/editor/confirm_remove.html", context)


@require_POST
def part_move(request, pk, part, item):
    questionnaire = _editable(request, pk)
    obj = _part(questionnaire, part, item)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    move = {
        "section": lambda: editing.section_move(
            actor=request.user, section=obj, direction=direction
        ),
        "question": lambda: editing.question_move(
            actor=request.user, question=obj, direction=direction
        ),
        "choice": lambda: editing.choice_move(actor=request.user, choice=obj, direction=direction),
    }[part]
    moved, made = move()
    version = _questionnaire_of(moved)
    _new_version_note(request, made, version)
    return redirect("surveys:questionnaire_detail", pk=version.pk)


# --- Preview ----------------------------------------------------------------------------


def questionnaire_preview(request, pk):
    """The questionnaire as a respondent sees it, page by page, in any language; no token,
    nothing saved (a POST only checks the answers)."""
    questionnaire = selectors.questionnaire_get(user=request.user, pk=pk)
    language = request.GET.get("language")
    if language not in LANGUAGE_CODES:
        language = translation.get_language() or "en"
    sections = selectors.questionnaire_sections(questionnaire)
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 1 <= int(number) <= len(sections) else 1
    section = sections[number - 1] if sections else None
    services = []
    if questionnaire.cluster_id:
        from services.models import Service

        services = list(Service.objects.filter(cluster_id=questionnaire.cluster_id)[:5])
    questions = section.question_list if section else []
    with translation.override(language):
        if not services:  # a consortium questionnaire: each member sees their own services
            services = [
                SimpleNamespace(pk=n, name=_("Example service %(number)s") % {"number": n})
                for n in (1, 2)
            ]
        form = AnswerSectionForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            values={},
            services=services,
            language=language,
        )
        if request.method == "POST":
            form.is_valid()
        context = {
            "questionnaire": questionnaire,
            "title": localized(questionnaire.title, language),
            "section_title": localized(section.title, language) if section else "",
            "section_introduction": localized(section.introduction, language) if section else "",
            "blocks": list(form.bound_blocks()),
            "form": form,
            "number": number,
            "pages": len(sections),
            "percent": round(100 * (number - 1) / len(sections)) if sections else 0,
            "language": language,
            "languages": LANGUAGE_CODES,
        }
        return render(request, "surveys/editor/preview.html", context)
