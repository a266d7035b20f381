"""Pages of the clusters app: adapters between HTTP, the scoped selectors and the services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tracekei import access, outbox
from tracekei.security import no_referrer

from . import member_io, selectors, services
from .filters import MemberFilter
from .forms import (
    InvitationAcceptForm,
    InvitationForm,
    LabelAwardForm,
    MemberForm,
    MemberImportForm,
)
from .models import Invitation, MemberImport

MEMBERS_PER_PAGE = 25
CLUSTERS_PER_PAGE = 50


def cluster_list(request):
    page = Paginator(selectors.cluster_list(user=request.user), CLUSTERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "clusters": selectors.with_labels(page), "query": ""}
    return render(request, "clusters/cluster_list.html", context)


def cluster_detail(request, slug):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    today = timezone.localdate()
    label = selectors.current_label(cluster, day=today)
    labels = list(cluster.labels.all())
    for award in labels:
        award.state = "current" if award == label else award.state_on(today)
    context = {
        "cluster": cluster,
        "current_label": label,
        "labels": labels,
        "label_expires_soon": label is not None and label.expires_soon(today),
        "criteria": selectors.platform_criteria(cluster),
        "people": selectors.cluster_managers(cluster),
        "recent_members": cluster.members.order_by("-created_at")[:5],
        "can_change": access.can_change_cluster(request.user, cluster),
        "can_invite": access.coordinates(request.user, cluster),
    }
    return render(request, "clusters/cluster_detail.html", context)


def member_list(request):
    member_filter = MemberFilter(
        request.GET, queryset=selectors.member_list(user=request.user), request=request
    )
    # A filter that does not hold (another cluster's code, a typo) shows its error and
    # nothing else: never the whole unfiltered list, and never an export of it.
    valid = member_filter.is_valid()
    members = member_filter.qs if valid else member_filter.queryset.none()
    export = request.GET.get("export")
    if export in {"csv", "xlsx"} and valid:
        return _member_export(members, export)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": member_filter,
        "page": page,
        "query": query.urlencode(),
        "editable_clusters": access.editable_clusters(request.user).order_by("acronym"),
    }
    return render(request, "clusters/member_list.html", context, status=200 if valid else 400)


def _member_export(members, kind):
    stamp = timezone.localdate().isoformat()
    if kind == "csv":  # streamed: 100,000 members start arriving at once, in constant memory
        response = StreamingHttpResponse(
            member_io.stream_csv(member_io.member_export_chunks(members)),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            member_io.write_xlsx(member_io.member_export_rows(members)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="members-{stamp}.{kind}"'
    return response


def member_detail(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    context = {
        "member": member,
        "can_change": access.can_change_cluster(request.user, member.cluster),
    }
    return render(request, "clusters/member_detail.html", context)


@require_http_methods(["GET", "POST"])
def member_create(request, slug):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    form = MemberForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_create(
                actor=request.user,
                cluster=cluster,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except ValidationError as error:  # someone added the same member a moment ago
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(member)s was added to %(cluster)s") % {"member": member, "cluster": cluster},
            )
            return redirect(member)
    return render(request, "clusters/member_form.html", {"form": form, "cluster": cluster})


@require_http_methods(["GET", "POST"])
def member_update(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    access.require_change(request.user, member.cluster)
    saved_name = member.name  # the form writes typed values onto the instance
    form = MemberForm(request.POST or None, instance=member, cluster=member.cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(
                actor=request.user,
                member=member,
                sectors=form.cleaned_data["sectors"],
                **form.service_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes to %s were saved.") % member)
            return redirect(member)
    context = {"form": form, "cluster": member.cluster, "member": member, "saved_name": saved_name}
    return render(request, "clusters/member_form.html", context)


@require_http_methods(["GET", "POST"])
def member_import(request, slug):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "cluster": cluster, "columns": member_io.COLUMNS.items()}
    if request.method == "POST" and not form.is_valid():
        return render(request, "clusters/member_import.html", context, status=400)
    if request.method == "POST":
        member_import, parsed = services.member_import_preview(
            actor=request.user, cluster=cluster, uploaded_file=form.cleaned_data["file"]
        )
        if member_import is None:
            context["errors"] = parsed.errors
            return render(request, "clusters/member_import.html", context, status=400)
        return redirect("clusters:member_import_preview", slug=cluster.slug, pk=member_import.pk)
    return render(request, "clusters/member_import.html", context)


def _scoped_import(request, slug, pk):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    return get_object_or_404(MemberImport, pk=pk, cluster=cluster)


def member_import_preview(request, slug, pk):
    member_import = _scoped_import(request, slug, pk)
    context = {"cluster": member_import.cluster, "member_import": member_import}
    return render(request, "clusters/member_import_preview.html", context)


@require_POST
def member_import_apply(request, slug, pk):
    member_import = _scoped_import(request, slug, pk)
    try:
        created = services.member_import_apply(actor=request.user, member_import=member_import)
    except ValidationError as error:
        messages.error(request, _("Nothing was imported: %s") % " ".join(error.messages))
        return redirect("clusters:member_import", slug=slug)
    messages.success(
        request,
        _("%(count)d members were imported into %(cluster)s")
        % {"count": created, "cluster": member_import.cluster},
    )
    return redirect(f"{reverse('clusters:member_list')}?cluster={slug}")


@require_http_methods(["GET", "POST"])
def label_award_create(request, slug):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    form = LabelAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.label_award_record(actor=request.user, cluster=cluster, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The label was recorded."))
            return redirect(cluster)
    return render(request, "clusters/label_form.html", {"form": form, "cluster": cluster})


@require_http_methods(["GET", "POST"])
def invitation_create(request, slug):
    cluster = selectors.cluster_get(user=request.user, slug=slug)
    access.require_coordinator_of(request.user, cluster)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_send(
                actor=request.user, cluster=cluster, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)  # a dict of field errors lands on its fields
        else:
            # With the broker away the e-mail waits in the outbox, and its notice says so
            # (tracekei.outbox.middleware): "was sent" would not be true yet.
            if not outbox.failed_in_this_context():
                messages.success(request, _("An invitation was sent to %s.") % invitation.email)
            return redirect(cluster)
    return render(request, "clusters/invitation_form.html", {"form": form, "cluster": cluster})


@login_not_required
@no_referrer  # the address holds the invitation's token
@require_http_methods(["GET", "POST"])
def invitation_accept(request, uidb64, token):
    """The link from the invitation e-mail: choose a password, then you are signed in."""
    try:
        user = get_user_model().objects.get(pk=int(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist) as error:
        raise Http404 from error
    invitation = Invitation.objects.filter(user=user).select_related("cluster", "user").first()
    if (
        invitation is None
        or not user.is_active  # an admin deactivated the account: the link no longer works
        or not default_token_generator.check_token(user, token)
    ):
        return render(request, "clusters/invitation_invalid.html", status=400)
    form = InvitationAcceptForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        # Sign in the user the service changed: its session hash matches the new password.
        user = services.invitation_accept(
            invitation=invitation, password=form.cleaned_data["password1"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        with translation.override(invitation.language):
            messages.success(request, _("Welcome to the portal. Your password is set."))
        response = redirect("dashboard")
        # The portal goes on in the language the invitation was written in.
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, invitation.language)
        return response
    return render(
        request, "clusters/invitation_accept.html", {"form": form, "invitation": invitation}
    )
