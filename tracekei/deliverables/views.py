"""Pages of the deliverables register: thin adapters over selectors and services."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tracekei.reports.views import pdf_response

from . import selectors, services
from .forms import AttachForm, DeliverableFilterForm, DeliverableForm, TransitionForm

PER_PAGE = 50


def deliverable_list(request):
    filter_form = DeliverableFilterForm(request.GET or None)
    deliverables = selectors.deliverable_list(user=request.user)
    valid = filter_form.is_valid() if request.GET else True
    if request.GET:
        deliverables = filter_form.filter(deliverables) if valid else deliverables.none()
    page = Paginator(deliverables.order_by("due_date", "number", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter_form": filter_form,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "overdue_count": selectors.overdue_count(user=request.user),
        "can_create": selectors.lead_cluster_choices(request.user).exists(),
    }
    return render(request, "deliverables/list.html", context, status=200 if valid else 400)


def _detail_context(request, deliverable, *, transition_form=None, attach_form=None):
    targets = selectors.allowed_targets(request.user, deliverable)
    may_attach = selectors.may_attach(request.user, deliverable)
    if transition_form is None and targets:
        transition_form = TransitionForm(deliverable=deliverable, targets=targets)
    if attach_form is None and may_attach:
        attach_form = AttachForm(
            reports=selectors.attachable_reports(user=request.user, deliverable=deliverable)
        )
    return {
        "deliverable": deliverable,
        "history": deliverable.history.select_related("changed_by"),
        "today": timezone.localdate(),
        "can_manage": selectors.may_manage(request.user, deliverable),
        "transition_form": transition_form if targets else None,
        "attach_form": attach_form if may_attach else None,
    }


def deliverable_detail(request, pk):
    deliverable = selectors.deliverable_get(user=request.user, pk=pk)
    return render(request, "deliverables/detail.html", _detail_context(request, deliverable))


@require_http_methods(["GET", "POST"])
def deliverable_create(request):
    if not selectors.lead_cluster_choices(request.user).exists():
        raise PermissionDenied
    form = DeliverableForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            deliverable = services.deliverable_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deliverable was added to the register."))
            return redirect(deliverable)
    status = 400 if form.errors else 200
    return render(request, "deliverables/form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def deliverable_update(request, pk):
    deliverable = selectors.deliverable_get(user=request.user, pk=pk)
    if not selectors.may_manage(request.user, deliverable):
        raise PermissionDenied
    form = DeliverableForm(request.POST or None, instance=deliverable, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.deliverable_update(
                actor=request.user,
                deliverable=selectors.deliverable_get(user=request.user, pk=pk),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deliverable was saved."))
            return redirect(deliverable)
    status = 400 if form.errors else 200
    context = {"form": form, "deliverable": deliverable}
    return render(request, "deliverables/form.html", context, status=status)


@require_POST
def deliverable_transition(request, pk):
    deliverable = selectors.deliverable_get(user=request.user, pk=pk)
    targets = selectors.allowed_targets(request.user, deliverable)
    if not targets:
        raise PermissionDenied
    form = TransitionForm(request.POST, deliverable=deliverable, targets=targets)
    if form.is_valid():
        try:
            services.deliverable_transition(
                actor=request.user,
                deliverable=deliverable,
                to_status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                submitted_on=form.cleaned_data["submitted_on"],
                late_justification=form.cleaned_data["late_justification"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The deliverable's status was changed."))
            return redirect(deliverable)
    context = _detail_context(request, deliverable, transition_form=form)
    return render(request, "deliverables/detail.html", context, status=400)


@require_POST
def deliverable_attach(request, pk):
    deliverable = selectors.deliverable_get(user=request.user, pk=pk)
    if not selectors.may_attach(request.user, deliverable):
        raise PermissionDenied
    reports = selectors.attachable_reports(user=request.user, deliverable=deliverable)
    form = AttachForm(request.POST, request.FILES, reports=reports)
    if form.is_valid():
        try:
            if form.cleaned_data["file"]:
                services.deliverable_attach_file(
                    actor=request.user, deliverable=deliverable, upload=form.cleaned_data["file"]
                )
            else:
                services.deliverable_attach_report(
                    actor=request.user, deliverable=deliverable, report=form.cleaned_data["report"]
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The file was attached."))
            return redirect(deliverable)
    context = _detail_context(request, deliverable, attach_form=form)
    return render(request, "deliverables/detail.html", context, status=400)


@never_cache
def deliverable_download(request, pk):
    """The attached file, to those who may see the deliverable; never a public URL."""
    deliverable = selectors.deliverable_get(user=request.user, pk=pk)
    if deliverable.report_id:
        return pdf_response(deliverable.report)
    if not deliverable.file:
        raise Http404
    content_type = mimetypes.guess_type(deliverable.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        deliverable.file.open("rb"),
        as_attachment=True,
        filename=deliverable.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
