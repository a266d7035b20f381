"""Pages of the services app: adapters between HTTP, the scoped selectors and the services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clusters import selectors as cluster_selectors
from clusters.models import MemberType
from tracekei import access

from . import delivery_io, selectors, services
from .excellence import AREAS
from .filters import ServiceFilter
from .forms import (
    AssessmentForm,
    CategoryForm,
    DeliveryForm,
    DeliveryImportForm,
    ExcellenceCheckForm,
    MappingForm,
    ReferenceServiceForm,
    ServiceForm,
)
from .models import MappingPeriod, ReferenceService, ServiceCategory, ServiceMapping

SERVICES_PER_PAGE = 25
DELIVERIES_PER_PAGE = 50
#: The matrix shows this many clusters a page; its totals cover every visible cluster.
MATRIX_CLUSTERS_PER_PAGE = 50


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def service_list(request):
    service_filter = ServiceFilter(
        request.GET, queryset=selectors.service_list(user=request.user), request=request
    )
    valid = service_filter.is_valid()
    services_ = service_filter.qs if valid else service_filter.queryset.none()
    page = Paginator(services_, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": service_filter,
        "page": page,
        "query": _query_without_page(request),
        "editable_clusters": list(access.editable_clusters(request.user).order_by("acronym")),
        "is_coordinator": access.is_coordinator(request.user),
    }
    return render(request, "services/service_list.html", context, status=200 if valid else 400)


def service_detail(request, pk):
    service = selectors.service_get(user=request.user, pk=pk)
    page = Paginator(selectors.service_deliveries(service), DELIVERIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "service": service,
        "page": page,
        "query": "",
        "history": selectors.service_history(service)[:20],
        "assessments": selectors.service_assessments(service)[:10],
        "can_change": access.can_change_cluster(request.user, service.cluster),
    }
    return render(request, "services/service_detail.html", context)


def _editable_cluster(request, slug):
    cluster = cluster_selectors.cluster_get(user=request.user, slug=slug)
    access.require_change(request.user, cluster)
    return cluster


@require_http_methods(["GET", "POST"])
def service_create(request, slug):
    cluster = _editable_cluster(request, slug)
    form = ServiceForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_create(
                actor=request.user, cluster=cluster, **form.cleaned_data
            )
        except ValidationError as error:  # someone added the same name a moment ago
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(service)s was added. Record its first delivery.") % {"service": service},
            )
            return redirect(service)
    status = 400 if form.errors else 200
    return render(
        request, "services/service_form.html", {"form": form, "cluster": cluster}, status=status
    )


@require_http_methods(["GET", "POST"])
def service_update(request, pk):
    service = selectors.service_get(user=request.user, pk=pk)
    access.require_change(request.user, service.cluster)
    saved_name = service.name
    form = ServiceForm(request.POST or None, instance=service, cluster=service.cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(actor=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes to %s were saved.") % service)
            return redirect(service)
    context = {
        "form": form,
        "cluster": service.cluster,
        "service": service,
        "saved_name": saved_name,
    }
    return render(
        request, "services/service_form.html", context, status=400 if form.errors else 200
    )


def _shown_members(service, request, form):
    """The members the page lists: the active ones matching the filter (no JavaScript
    needed), plus any already ticked, so a ticked member is never silently dropped."""
    members = selectors.active_members(service)
    q = request.GET.get("q", "").strip()
    member_type = request.GET.get("type", "")
    if q:
        members = members.filter(Q(name__icontains=q) | Q(vat_number__icontains=q))
    if member_type in MemberType.values:
        members = members.filter(member_type=member_type)
    ticked = {value for value in form.selected_ids() if value.isdigit()}
    if ticked:
        members = selectors.deliverable_members(service).filter(
            Q(pk__in=members.values("pk")) | Q(pk__in=ticked)
        )
    return list(members), ticked, q, member_type


@require_http_methods(["GET", "POST"])
def delivery_create(request, pk):
    service = selectors.service_get(user=request.user, pk=pk)
    access.require_change(request.user, service.cluster)
    project = service.cluster.project
    form = DeliveryForm(
        request.POST or None,
        members=selectors.deliverable_members(service),
        # Today, or the project's last day once the project is over.
        initial={"delivered_on": min(timezone.localdate(), project.end_date)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.delivery_record_bulk(
                actor=request.user,
                service=service,
                members=data["members"],
                delivered_on=data["delivered_on"],
                hours=data["hours"],
                outcome=data["outcome"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.created:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d delivery was recorded.",
                        "%(count)d deliveries were recorded.",
                        result.created,
                    )
                    % {"count": result.created},
                )
            if result.already_recorded:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d member already had this service on that day; "
                        "it was not recorded twice.",
                        "%(count)d members already had this service on that day; "
                        "they were not recorded twice.",
                        result.already_recorded,
                    )
                    % {"count": result.already_recorded},
                )
            return redirect(service)
    members, ticked, q, member_type = _shown_members(service, request, form)
    context = {
        "service": service,
        "cluster": service.cluster,
        "form": form,
        "members": members,
        "ticked": ticked,
        "q": q,
        "member_type": member_type,
        "member_types": MemberType.choices,
    }
    return render(
        request, "services/delivery_form.html", context, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def delivery_import(request, pk):
    service = selectors.service_get(user=request.user, pk=pk)
    access.require_change(request.user, service.cluster)
    form = DeliveryImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "service": service, "columns": delivery_io.COLUMNS.items()}
    if request.method == "POST" and not form.is_valid():
        return render(request, "services/delivery_import.html", context, status=400)
    if request.method == "POST":
        parsed = delivery_io.parse_delivery_file(form.cleaned_data["file"], service=service)
        if not parsed.ok:
            context["errors"] = parsed.errors
            return render(request, "services/delivery_import.html", context, status=400)
        try:
            result = services.delivery_import(
                actor=request.user, service=service, items=parsed.items
            )
        except ValidationError as error:  # the cluster changed between reading and saving
            context["errors"] = [delivery_io.RowError(0, "", message) for message in error.messages]
            return render(request, "services/delivery_import.html", context, status=400)
        messages.success(
            request,
            _("%(created)d deliveries were imported; %(already)d were already recorded.")
            % {"created": result.created, "already": result.already_recorded},
        )
        return redirect(service)
    return render(request, "services/delivery_import.html", context)


@require_http_methods(["GET", "POST"])
def assessment_create(request, pk):
    service = selectors.service_get(user=request.user, pk=pk)
    access.require_change(request.user, service.cluster)
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.assessment_record(actor=request.user, service=service, **form.cleaned_data)
        messages.success(request, _("The self-assessment was saved."))
        return redirect(service)
    context = {"form": form, "service": service}
    return render(
        request, "services/assessment_form.html", context, status=400 if form.errors else 200
    )


# --- The consortium's view ---------------------------------------------------------------


def service_matrix(request):
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    matrix = selectors.service_matrix(
        user=request.user, page_number=request.GET.get("page"), per_page=MATRIX_CLUSTERS_PER_PAGE
    )
    context = {"matrix": matrix, "page": matrix.page, "query": ""}
    return render(request, "services/matrix.html", context)


def _coordinated_project(request):
    projects = list(selectors.coordinated_projects(request.user)[:2])
    if not projects:
        raise PermissionDenied
    return projects[0]


@require_http_methods(["GET", "POST"])
def reference_portfolio(request, pk=None):
    project = _coordinated_project(request)
    reference = None
    if pk is not None:
        reference = get_object_or_404(ReferenceService, pk=pk, project=project)
    form = ReferenceServiceForm(request.POST or None, instance=reference, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_service_save(
                actor=request.user, project=project, reference=reference, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The reference portfolio was saved."))
            return redirect("services:reference")
    context = {
        "project": project,
        "references": selectors.reference_portfolio(project),
        "form": form,
        "editing": reference,
    }
    return render(
        request, "services/reference_portfolio.html", context, status=400 if form.errors else 200
    )


@require_POST
def reference_delete(request, pk):
    project = _coordinated_project(request)
    reference = get_object_or_404(ReferenceService, pk=pk, project=project)
    services.reference_service_delete(actor=request.user, reference=reference)
    messages.success(request, _("%s was removed from the reference portfolio.") % reference)
    return redirect("services:reference")


@require_http_methods(["GET", "POST"])
def category_list(request, pk=None):
    """The maintained list of service categories: the coordinator adds and renames them."""
    if not access.is_coordinator(request.user):
        raise PermissionDenied
    category = get_object_or_404(ServiceCategory, pk=pk) if pk is not None else None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_save(actor=request.user, category=category, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The list of categories was saved."))
            return redirect("services:categories")
    context = {
        "categories": selectors.categories_with_counts(),
        "form": form,
        "editing": category,
    }
    return render(
        request, "services/category_list.html", context, status=400 if form.errors else 200
    )


# --- Mapping questionnaire ---------------------------------------------------------------


def mapping_overview(request):
    """Each visible cluster's mappings side by side, baseline to final."""
    clusters = list(access.visible_clusters(request.user).order_by("acronym"))
    mappings = selectors.mapping_list(user=request.user)
    by_cluster: dict[int, dict[str, ServiceMapping]] = {}
    for mapping in mappings:
        by_cluster.setdefault(mapping.cluster_id, {})[mapping.period] = mapping
    rows = [
        {
            "cluster": cluster,
            "periods": [
                by_cluster.get(cluster.pk, {}).get(value) for value in MappingPeriod.values
            ],
        }
        for cluster in clusters
    ]
    editable = {c.pk for c in access.editable_clusters(request.user)}
    for row in rows:
        row["can_change"] = row["cluster"].pk in editable
    context = {"rows": rows, "periods": MappingPeriod.choices}
    return render(request, "services/mapping_overview.html", context)


@require_http_methods(["GET", "POST"])
def mapping_edit(request, slug, period):
    cluster = _editable_cluster(request, slug)
    if period not in MappingPeriod.values:
        raise Http404
    mapping = ServiceMapping.objects.filter(cluster=cluster, period=period).first()
    initial = {"period": period, "answered_on": timezone.localdate()}
    if mapping is None:
        initial["committed_members"] = cluster.member_count
    form = MappingForm(request.POST or None, instance=mapping, cluster=cluster, initial=initial)
    form.fields["period"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["period"] = period
        try:
            services.mapping_save(actor=request.user, cluster=cluster, mapping=mapping, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The mapping was saved."))
            return redirect("services:mappings")
    context = {"form": form, "cluster": cluster, "period_label": MappingPeriod(period).label}
    return render(
        request, "services/mapping_form.html", context, status=400 if form.errors else 200
    )


# --- Excellence self-check ---------------------------------------------------------------


def excellence(request, slug):
    cluster = cluster_selectors.cluster_get(user=request.user, slug=slug)
    checks = selectors.excellence_checks(cluster=cluster)
    latest = checks[0] if checks else None
    previous = checks[1] if len(checks) > 1 else None
    latest_ratings = {r.item: r for r in latest.ratings.all()} if latest else {}
    previous_ratings = {r.item: r for r in previous.ratings.all()} if previous else {}
    order = {"red": 0, "yellow": 1, "green": 2}
    areas = []
    for _code, area_name, items in AREAS:
        rows = []
        for item, question in items:
            now, before = latest_ratings.get(item), previous_ratings.get(item)
            trend = ""
            if now and before and now.rating != before.rating:
                trend = "up" if order[now.rating] > order[before.rating] else "down"
            rows.append({"question": question, "now": now, "before": before, "trend": trend})
        areas.append((area_name, rows))
    context = {
        "cluster": cluster,
        "latest": latest,
        "previous": previous,
        "areas": areas,
        "checks": checks,
        "can_change": access.can_change_cluster(request.user, cluster),
    }
    return render(request, "services/excellence.html", context)


@require_http_methods(["GET", "POST"])
def excellence_create(request, slug):
    cluster = _editable_cluster(request, slug)
    form = ExcellenceCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.excellence_check_record(
            actor=request.user,
            cluster=cluster,
            checked_on=form.cleaned_data["checked_on"],
            ratings=form.ratings(),
        )
        messages.success(request, _("The self-check was saved."))
        return redirect("services:excellence", slug=cluster.slug)
    context = {"form": form, "cluster": cluster}
    return render(
        request, "services/excellence_form.html", context, status=400 if form.errors else 200
    )
