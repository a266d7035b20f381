"""Campaign pages (S2): adapters between HTTP, the scoped reads and the services of
``surveys.campaigns``; and the unsubscribe page under the personal link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from clusters.models import Member
from tracekei import access
from tracekei.security import no_referrer

from .. import campaigns as services
from .. import mail, selectors
from ..campaign_forms import (
    CampaignForm,
    PreviewForm,
    RecipientForm,
    StatusFilterForm,
    SuppressionForm,
)
from ..models import Invitation, InvitationStatus, Questionnaire

CAMPAIGNS_PER_PAGE = 25
RECIPIENTS_PER_PAGE = 50
SUPPRESSIONS_PER_PAGE = 50


def _crumbs(*items):
    return [(None if url is None else url, label) for url, label in items]


def campaign_list(request):
    page = Paginator(services.campaign_list(user=request.user), CAMPAIGNS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for campaign in page:
        campaign.state = services.campaign_state(campaign)
        campaign.rate = (
            round(100 * campaign.completed / campaign.invited) if campaign.invited else None
        )
    context = {
        "page": page,
        "query": "",
        "can_create": access.editable_clusters(request.user).exists(),
    }
    return render(request, "surveys/campaigns/campaign_list.html", context)


def _questionnaires_for(clusters):
    return (
        Questionnaire.objects.filter(is_current=True, project__in=clusters.values("project"))
        .filter(Q(cluster__isnull=True) | Q(cluster__in=clusters))
        .order_by("cluster_id", "key")
    )


def _form_errors_from(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = {"invitation_subject": "subject_en", "invitation_body": "body_en"}.get(
                field, field
            )
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def campaign_create(request):
    clusters = access.editable_clusters(request.user).order_by("acronym")
    if not clusters.exists():
        raise PermissionDenied
    form = CampaignForm(
        request.POST or None,
        clusters=clusters,
        questionnaires=_questionnaires_for(clusters),
        initial={"cluster": clusters.first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=request.user, cluster=form.cleaned_data["cluster"], **form.service_fields()
            )
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The draft was saved. Choose the recipients next."))
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "surveys/campaigns/campaign_form.html",
        {"form": form, "crumbs": _crumbs(("/surveys/campaigns/", _("Campaigns")))},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    access.require_change(request.user, campaign.cluster)
    if campaign.launched_at is not None:
        messages.info(request, _("This campaign was sent: it can no longer be edited."))
        return redirect("surveys:campaign_detail", pk=pk)
    clusters = access.editable_clusters(request.user).filter(pk=campaign.cluster_id)
    initial = {
        "cluster": campaign.cluster,
        "questionnaire": campaign.questionnaire,
        "title": campaign.title,
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "anonymous": campaign.anonymous,
        "reminder_after_days": ", ".join(str(day) for day in campaign.reminder_after_days),
        "max_reminders": campaign.max_reminders,
    }
    form = CampaignForm(
        request.POST or None,
        clusters=clusters,
        questionnaires=_questionnaires_for(clusters),
        campaign=campaign,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_update(actor=request.user, campaign=campaign, **form.service_fields())
        except ValidationError as error:
            _form_errors_from(form, error)
        else:
            messages.success(request, _("The draft was saved."))
            return redirect("surveys:campaign_detail", pk=pk)
    context = {
        "form": form,
        "campaign": campaign,
        "crumbs": _crumbs(
            ("/surveys/campaigns/", _("Campaigns")),
            (f"/surveys/campaigns/{pk}/", campaign.title),
        ),
    }
    return render(
        request,
        "surveys/campaigns/campaign_form.html",
        context,
        status=400 if form.errors else 200,
    )


def campaign_detail(request, pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    state = services.campaign_state(campaign)
    context = {
        "campaign": campaign,
        "state": state,
        "can_change": access.can_change_cluster(request.user, campaign.cluster),
        "crumbs": _crumbs(("/surveys/campaigns/", _("Campaigns")), (None, campaign.title)),
    }
    if campaign.launched_at is not None:
        status_form = StatusFilterForm(request.GET or None)
        status = status_form.cleaned_data["status"] if status_form.is_valid() else ""
        counts = services.status_counts(campaign)
        total = sum(counts.values())
        page = Paginator(
            services.invitation_list(campaign=campaign, status=status), RECIPIENTS_PER_PAGE
        ).get_page(request.GET.get("page"))
        context.update(
            {
                "status_form": status_form,
                "status": status,
                "counts": [
                    (value, label, counts[value]) for value, label in InvitationStatus.choices
                ],
                "total": total,
                "waiting": total
                - counts[InvitationStatus.COMPLETED]
                - counts[InvitationStatus.OPTED_OUT],
                "rate": round(100 * counts[InvitationStatus.COMPLETED] / total) if total else 0,
                "page": page,
                "query": f"status={status}" if status else "",
                "can_resend": state in (services.OPEN, services.SCHEDULED),
                "final_statuses": services.FINAL,
            }
        )
    return render(request, "surveys/campaigns/campaign_detail.html", context)


def campaign_preview(request, pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    members = Member.objects.filter(cluster_id=campaign.cluster_id).order_by("name")
    form = PreviewForm(request.GET or None, members=members)
    language, member = translation.get_language(), None
    if form.is_valid():
        member = form.cleaned_data["member"]
        language = form.cleaned_data["language"] or (
            member.preferred_language if member else language
        )
    member = (
        member
        or members.filter(survey_consent=True).exclude(contact_email="").first()
        or members.first()
    )
    if member is not None and not form.is_bound:
        language = member.preferred_language
        form = PreviewForm(initial={"member": member, "language": language}, members=members)
    language = services._language(language)
    invitation = Invitation(
        campaign=campaign,
        member=member,
        name=member.name if member else _("Example member"),
        email=(member.contact_email if member else "") or "member@example.org",
        language=language,
    )
    rendered = mail.render(
        campaign=campaign, invitation=invitation, token=mail.preview_token(), language=language
    )
    context = {
        "campaign": campaign,
        "form": form,
        "rendered": rendered,
        "recipient": invitation,
        "crumbs": _crumbs(
            ("/surveys/campaigns/", _("Campaigns")),
            (f"/surveys/campaigns/{pk}/", campaign.title),
            (None, _("Preview")),
        ),
    }
    return render(request, "surveys/campaigns/campaign_preview.html", context)


@require_http_methods(["GET", "POST"])
def campaign_recipients(request, pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    access.require_change(request.user, campaign.cluster)
    if campaign.launched_at is not None:
        return redirect("surveys:campaign_detail", pk=pk)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RecipientForm(data, initial={"consent_only": True})
    if data is None:
        form = RecipientForm({"consent_only": "on"})
    summary = None
    if form.is_valid():
        chosen = form.chosen()
        if request.method == "POST":
            try:
                count = services.campaign_launch(
                    actor=request.user, campaign=campaign, chosen=chosen
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The campaign was sent: %(count)s e-mails are on their way.")
                    % {"count": count},
                )
                return redirect("surveys:campaign_detail", pk=pk)
        summary = services.recipient_summary(campaign=campaign, chosen=chosen)
    context = {
        "campaign": campaign,
        "form": form,
        "summary": summary,
        "crumbs": _crumbs(
            ("/surveys/campaigns/", _("Campaigns")),
            (f"/surveys/campaigns/{pk}/", campaign.title),
            (None, _("Recipients")),
        ),
    }
    return render(
        request,
        "surveys/campaigns/campaign_recipients.html",
        context,
        status=400 if form.errors else 200,
    )


@require_POST
def campaign_close(request, pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    try:
        services.campaign_close(actor=request.user, campaign=campaign)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The campaign is closed: its links no longer open."))
    return redirect("surveys:campaign_detail", pk=pk)


@require_POST
def invitation_resend(request, pk, invitation_pk):
    campaign = services.campaign_get(user=request.user, pk=pk)
    invitation = campaign.invitations.filter(pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link is sent again to %(name)s.") % {"name": invitation})
    back = f"/surveys/campaigns/{pk}/"
    query = request.POST.get("query", "")
    return redirect(back + (f"?{query}" if query and "/" not in query else ""))


@require_http_methods(["GET", "POST"])
def suppression_list(request):
    projects = services.suppression_projects(request.user)
    editable_projects = projects.filter(
        pk__in=access.editable_clusters(request.user).values("project_id")
    )
    form = SuppressionForm(request.POST or None, projects=editable_projects)
    if request.method == "POST":
        if not editable_projects.exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                services.suppression_add(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    _("%(email)s is on the suppression list: no campaign will e-mail it.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("surveys:suppression_list")
    page = Paginator(services.suppression_list(user=request.user), SUPPRESSIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page": page,
        "query": "",
        "can_add": editable_projects.exists(),
        "crumbs": _crumbs(("/surveys/campaigns/", _("Campaigns")), (None, _("Suppression list"))),
    }
    return render(
        request,
        "surveys/campaigns/suppression_list.html",
        context,
        status=400 if form.errors else 200,
    )


# --- Under the personal link ---------------------------------------------------------


@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@no_referrer
def unsubscribe(request, token):
    """Stop surveys to this address. No log-in: the token is the credential (so no CSRF
    check, as for the answering pages); GET asks, POST does it (also the one-click
    ``List-Unsubscribe-Post`` of mail clients). An unknown token gets the same page as
    an invalid answering link (its path is kept out of the logs by surveys.logging)."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "surveys/answer/unavailable.html", status=404)
    done = invitation.status == InvitationStatus.OPTED_OUT
    if request.method == "POST":
        services.invitation_opt_out(invitation=invitation)
        done = True
    context = {"cluster": invitation.campaign.cluster, "email": invitation.email, "done": done}
    with translation.override(invitation.language):
        request.LANGUAGE_CODE = invitation.language
        return render(request, "surveys/campaigns/unsubscribe.html", context)
