"""Pages of the privacy layer: the public privacy notice, a member contact's data (the
subject access export) and their erasure. Adapters: the services decide."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from clusters.models import Member, Project
from tracekei import access

from . import services
from .forms import ErasureForm
from .inventory import INVENTORY


def _member(request, pk) -> Member:
    return access.get_visible_or_404(
        Member.objects.select_related("cluster", "cluster__project"), request.user, pk=pk
    )


def _crumbs(member: Member, label):
    return (
        (member.cluster.get_absolute_url(), member.cluster.acronym),
        (member.get_absolute_url(), member.name),
        (None, label),
    )


@login_not_required
@require_GET
def notice(request):
    """Public: in the visitor's language, or the one chosen with ?language= (the survey
    pages link here with the language their respondent chose)."""
    language = request.GET.get("language")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    projects = Project.objects.select_related("coordinator_cluster").order_by("start_date", "pk")
    context = {
        "projects": projects,
        "retention_days": settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "languages": settings.LANGUAGES,
    }
    with translation.override(language):
        request.LANGUAGE_CODE = language
        return render(request, "privacy/notice.html", context)


@never_cache
@require_GET
def member_data(request, pk):
    """The subject access export, readable (and printable) in the browser."""
    member = _member(request, pk)
    data = services.subject_access_export(actor=request.user, member=member)
    context = {
        "member": member,
        "data": data,
        "can_erase": services.can_erase(request.user, member),
        "crumbs": _crumbs(member, _("Personal data of the contact")),
    }
    return render(request, "privacy/member_data.html", context)


@never_cache
@require_GET
def member_data_json(request, pk):
    member = _member(request, pk)
    data = services.subject_access_export(actor=request.user, member=member)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder),
        content_type="application/json",
    )
    response["Content-Disposition"] = f'attachment; filename="member-{member.pk}-contact.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def member_erase(request, pk):
    """The confirm page (what is changed, what is kept) and the erasure itself (POST)."""
    member = _member(request, pk)
    if not services.can_erase(request.user, member):
        raise PermissionDenied
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        summary = services.erase_member_contact(
            actor=request.user, member=member, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            _("The contact was erased: %(rows)d rows anonymised.")
            % {"rows": sum(summary.touched.values())},
        )
        return redirect(reverse("clusters:member_detail", kwargs={"pk": member.pk}))
    context = {
        "member": member,
        "form": form,
        "preview": services.erasure_preview(member=member),
        "inventory": INVENTORY,
        "crumbs": _crumbs(member, _("Erase the contact")),
    }
    return render(request, "privacy/member_erase.html", context)
