"""The respondent's pages under the personal link ``/s/<token>/``: no account.

The token in the address is the credential. A link that opens nothing (unknown,
malformed, opted out, campaign not open or closed) gets one friendly page with one
status, after the same work (one hash, one query); failed look-ups are counted per
client address and limited. Every page sends ``Referrer-Policy: no-referrer`` (the
token must not leak to other sites) and the token never reaches the logs
(``surveys.logging``).

Forgery protection: Django's CSRF check cannot run here, because under
``no-referrer`` browsers send ``Origin: null`` with a form's POST, which Django
refuses. The forms carry instead a random key kept in the respondent's session (the
session cookie works without an account) and compared on every POST."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from tracekei.security import no_referrer

from .. import answering, selectors
from ..answer_forms import SectionForm
from ..models import LANGUAGE_CODES, QuestionKind, localized

FORM_KEY = "surveys-form-key"
# Failed look-ups allowed per client address within the window (settings may override).
FAILURES_LIMIT = 20
FAILURES_WINDOW = 600  # seconds


def respondent_view(view):
    """Open to everyone, never cached, GET and POST, no Django CSRF (see above), and the
    link's invitation resolved (or the friendly page) before the view runs."""

    @login_not_required
    @csrf_exempt
    @never_cache
    @require_http_methods(["GET", "POST"])
    @no_referrer
    def wrapper(request, token, *args, **kwargs):
        invitation, refusal = _resolve(request, token)
        if refusal is not None:
            return refusal
        if request.method == "POST" and not _form_key_ok(request):
            with translation.override(_language(request, invitation)):
                return render(request, "surveys/answer/expired.html", {"token": token}, status=403)
        language = _language(request, invitation)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            return view(request, token, invitation, language, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _client_key(request) -> str:
    return f"surveys:link-failures:{request.META.get('REMOTE_ADDR', '')}"


def _resolve(request, token):
    key = _client_key(request)
    limit = getattr(settings, "SURVEYS_LINK_FAILURES_LIMIT", FAILURES_LIMIT)
    window = getattr(settings, "SURVEYS_LINK_FAILURES_WINDOW", FAILURES_WINDOW)
    if (cache.get(key) or 0) >= limit:
        return None, render(request, "surveys/answer/unavailable.html", status=429)
    invitation = selectors.invitation_for_token(token)
    if invitation is None:
        if not cache.add(key, 1, window):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.add(key, 1, window)
        return None, render(request, "surveys/answer/unavailable.html", status=404)
    return invitation, None


def _language_key(invitation) -> str:
    return f"surveys-language-{invitation.pk}"


def _language(request, invitation) -> str:
    """``?language=`` (kept in the session for this link), else the recipient's language."""
    chosen = request.GET.get("language")
    if chosen in LANGUAGE_CODES:
        request.session[_language_key(invitation)] = chosen
        return chosen
    stored = request.session.get(_language_key(invitation))
    return stored if stored in LANGUAGE_CODES else invitation.language


def _form_key(request) -> str:
    key = request.session.get(FORM_KEY)
    if not key:
        key = request.session[FORM_KEY] = secrets.token_urlsafe(24)
    return key


def _form_key_ok(request) -> bool:
    expected = request.session.get(FORM_KEY)
    given = request.POST.get("form_key", "")
    return bool(expected) and secrets.compare_digest(expected, given)


def _frame(request, invitation, language, **context) -> dict:
    campaign = invitation.campaign
    return {
        "invitation": invitation,
        "campaign": campaign,
        "cluster": campaign.cluster,
        "title": localized(campaign.questionnaire.title, language),
        "language": language,
        "languages": settings.LANGUAGES,
        "form_key": _form_key(request),
        **context,
    }


def _structure(invitation):
    """The questionnaire's pages, the recipient's matrix services, the response and its
    stored values: a fixed number of queries whatever the questionnaire's size."""
    sections = selectors.questionnaire_sections(invitation.campaign.questionnaire)
    needs_services = any(
        question.kind == QuestionKind.SERVICE_MATRIX
        for section in sections
        for question in section.question_list
    )
    services = selectors.matrix_services(invitation) if needs_services else []
    response = selectors.response_of(invitation)
    values = answering.response_values(response, sections) if response else {}
    return sections, services, response, values


def consent_text(invitation, language) -> str:
    """The privacy notice, as shown and as stored with the consent."""
    cluster = invitation.campaign.cluster
    names = {"cluster": cluster.legal_name or cluster.acronym, "acronym": cluster.acronym}
    if invitation.campaign.activity_id:  # training feedback: an attendee, maybe no member
        with translation.override(language):
            return (
                _(
                    "%(cluster)s (%(acronym)s) asks the attendees of an activity it organised "
                    "this questionnaire to learn how useful the activity was and to plan better "
                    "ones, within the TRACE-KEI project co-funded by the European Union. "
                    "%(cluster)s is the controller of your answers. They are used only for this "
                    "purpose, reported without your name when the survey is anonymous, and kept "
                    "until the end of the project. Answering is voluntary; you may stop at any "
                    "time and ask the cluster to see or delete your answers."
                )
                % names
            )
    with translation.override(language):
        return (
            _(
                "%(cluster)s (%(acronym)s) asks its members this questionnaire to learn how "
                "useful its work and services are and to plan better ones, within the "
                "TRACE-KEI project co-funded by the European Union. %(cluster)s is the "
                "controller of your answers. They are used only for this purpose, reported "
                "to the project without your company's name when the survey is anonymous, "
                "and kept until the end of the project. Answering is voluntary; you may stop "
                "at any time and ask the cluster to see or delete your answers."
            )
            % names
        )


def _resume_url(token, response, sections) -> str:
    if response is None or response.consent_at is None:
        return reverse("surveys:answer", args=[token])
    if response.submitted_at or response.last_section >= len(sections):
        return reverse("surveys:answer_review", args=[token])
    return reverse("surveys:answer_page", args=[token, response.last_section + 1])


@respondent_view
def answer(request, token, invitation, language):
    """The first page: the privacy notice and the consent; later visits resume."""
    answering.invitation_open(invitation=invitation)
    response = selectors.response_of(invitation)
    if response is not None and response.consent_at is not None:
        sections = selectors.questionnaire_sections(invitation.campaign.questionnaire)
        return redirect(_resume_url(token, response, sections))
    text = consent_text(invitation, language)
    error = ""
    if request.method == "POST":
        if request.POST.get("consent") == "yes":
            answering.response_consent(invitation=invitation, language=language, consent_text=text)
            return redirect("surveys:answer_page", token=token, number=1)
        error = _("Tick the box to agree before you start.")
    questionnaire = invitation.campaign.questionnaire
    context = _frame(
        request,
        invitation,
        language,
        notice=text,
        introduction=localized(questionnaire.introduction, language),
        error=error,
        pages=questionnaire.sections.count(),
    )
    return render(request, "surveys/answer/start.html", context, status=400 if error else 200)


@respondent_view
def answer_page(request, token, invitation, language, number):
    """One section per page: Back, Save and continue later, Next."""
    sections, services, response, values = _structure(invitation)
    if response is None or response.consent_at is None:
        return redirect("surveys:answer", token=token)
    if not 1 <= number <= len(sections):
        return redirect(_resume_url(token, response, sections))
    section = sections[number - 1]
    earlier = {q.code for s in sections[: number - 1] for q in s.question_list}
    # Rules on earlier pages are settled by the stored answers; same-page ones by the form.
    questions = [
        question
        for question in section.question_list
        if not (
            question.show_if is not None
            and question.show_if.code in earlier
            and not answering.condition_met(question, values)
        )
    ]
    skipped_matrix = [q for q in questions if q.kind == "service_matrix" and not services]
    questions = [q for q in questions if q not in skipped_matrix]
    action = request.POST.get("action", "next")
    if action not in ("next", "back", "save"):
        action = "next"
    form = SectionForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        values=values,
        services=services,
        language=language,
        require=action == "next",
    )
    if request.method == "POST" and form.is_valid():
        # Where a later visit resumes: the page shown next (the review once submitted).
        resume = {"next": number, "back": max(number - 2, 0), "save": number - 1}[action]
        answering.page_save(
            invitation=invitation,
            section=section,
            values=form.page_values(),
            next_section=len(sections) if response.submitted_at else resume,
            language=language,
        )
        if action == "save":
            return redirect("surveys:answer_saved", token=token)
        if action == "back" and number > 1:
            return redirect("surveys:answer_page", token=token, number=number - 1)
        if action == "next" and number < len(sections) and not response.submitted_at:
            return redirect("surveys:answer_page", token=token, number=number + 1)
        return redirect("surveys:answer_review", token=token)
    context = _frame(
        request,
        invitation,
        language,
        form=form,
        blocks=list(form.bound_blocks()),
        skipped_matrix=[localized(q.text, language) for q in skipped_matrix],
        section_title=localized(section.title, language),
        section_introduction=localized(section.introduction, language),
        number=number,
        pages=len(sections),
        percent=round(100 * (number - 1) / len(sections)),
        submitted=bool(response.submitted_at),
    )
    status = 400 if form.errors else 200
    return render(request, "surveys/answer/page.html", context, status=status)


def _display(question, value, services, language) -> list[str]:
    """An answer as the lines the review page shows."""
    if answering.is_empty(value):
        return []
    kind = question.kind
    if kind == QuestionKind.SERVICE_MATRIX:
        return [
            f"{service.name}: {int(value[service.pk])}"
            for service in services
            if not answering.is_empty(value.get(service.pk))
        ]
    if kind == QuestionKind.RATING:
        return [f"{int(value)} / 5"]
    if kind == QuestionKind.NUMBER:
        return [str(value.normalize())]
    if kind == QuestionKind.YES_NO:
        return [_("Yes") if value else _("No")]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        codes = [value] if kind == QuestionKind.SINGLE else value
        return [localized(c.label, language) for c in question.choice_list if c.code in codes]
    return [value]


@respondent_view
def answer_review(request, token, invitation, language):
    """Every answer with a "change" link; Submit (again, after a change)."""
    sections, services, response, values = _structure(invitation)
    if response is None or response.consent_at is None:
        return redirect("surveys:answer", token=token)
    error = ""
    if request.method == "POST":
        try:
            answering.response_submit(invitation=invitation, sections=sections, services=services)
        except ValidationError:
            error = _("Some required questions are not answered yet: see below.")
        else:
            return redirect("surveys:answer_thanks", token=token)
    missing = {q.pk for _n, q in answering.missing_required(sections, values, services)}
    pages = []
    for number, section in enumerate(sections, start=1):
        rows = [
            {
                "text": localized(question.text, language),
                "lines": _display(question, values.get(question.code), services, language),
                "missing": question.pk in missing,
            }
            for question in answering.visible_questions(section, values, services)
        ]
        pages.append({"number": number, "title": localized(section.title, language), "rows": rows})
    context = _frame(
        request,
        invitation,
        language,
        review_pages=pages,
        missing=len(missing),
        error=error,
        submitted_at=response.submitted_at,
        pages=len(sections),
    )
    return render(request, "surveys/answer/review.html", context, status=400 if error else 200)


@respondent_view
def answer_saved(request, token, invitation, language):
    return render(request, "surveys/answer/saved.html", _frame(request, invitation, language))


@respondent_view
def answer_thanks(request, token, invitation, language):
    response = selectors.response_of(invitation)
    if response is None or response.submitted_at is None:
        return redirect("surveys:answer", token=token)
    return render(request, "surveys/answer/thanks.html", _frame(request, invitation, language))
