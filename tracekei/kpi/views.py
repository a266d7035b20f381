"""Pages of the KPI engine: the consortium (or cluster) dashboard, the drill-down with
its exports, and "recompute now" with its progress. They read snapshots only."""

import datetime as dt

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tracekei import access

from . import charts, exports, reports, selectors, services
from .forms import IndicatorForm, ReportForm
from .models import Indicator, ManualReport, RollupRun

EVIDENCE_PER_PAGE = 50


def _view(request):
    return selectors.kpi_view(
        user=request.user,
        project_id=request.GET.get("project") if request.GET.get("project", "").isdigit() else None,
        cluster_slug=request.GET.get("cluster") or None,
    )


def _with_charts(rows):
    for row in rows:
        projection = None
        if row.projection is not None and row.history:
            projection = (row.indicator.project.end_date, row.projection)
        row.chart = charts.sparkline(
            row.history,
            title=_("%(name)s over time") % {"name": row.indicator.label},
            target=row.indicator.target if row.snapshot and row.status != "no_target" else None,
            projection=projection,
        )
    return rows


def _shown(value):
    """Dates written unambiguously (21 Nov 2026), as everywhere in the portal."""
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    return value


#: Clusters per page of the dashboard's contribution table.
CONTRIBUTIONS_PER_PAGE = 25


def dashboard(request):
    view = _view(request)
    rows = _with_charts(selectors.indicator_rows(view=view))
    can_recompute = view.consortium and access.is_coordinator(request.user)
    # A programme has a thousand clusters: the contribution table shows them a page at
    # a time (the snapshots hold every cluster's figure, so a page costs no query).
    clusters = view.clusters if view.cluster is None else [view.cluster]
    page = Paginator(clusters, CONTRIBUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "view": view,
        "rows": rows,
        "contributions": selectors.contribution_table(
            view=view, rows=rows, clusters=page.object_list
        ),
        "page": page,
        "run": selectors.latest_run(view.project) if can_recompute else None,
        "can_recompute": can_recompute,
        "scope_query": f"?cluster={view.cluster.slug}" if view.cluster else "",
        "status_labels": selectors.STATUS_LABELS,
        "at_risk_percent": int(selectors.AT_RISK_SHARE * 100),
    }
    return render(request, "kpi/dashboard.html", context)


def indicator_detail(request, code):
    view = _view(request)
    indicator = selectors.indicator_get(view=view, code=code)
    (row,) = _with_charts(selectors.indicator_rows(view=view, codes=[code]))
    found = selectors.evidence(view=view, indicator=indicator)
    columns, evidence_rows = found if found is not None else ((), [])
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and found is not None:
        stamp = timezone.localdate().isoformat()
        suffix = f"-{view.cluster.slug}" if view.cluster else ""
        if export == "csv":
            body, content_type = (
                exports.write_csv(columns, evidence_rows),
                "text/csv; charset=utf-8",
            )
        else:
            body = exports.write_xlsx(columns, evidence_rows, sheet_name=indicator.code)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{indicator.code}{suffix}-{stamp}.{export}"'
        )
        return response
    page = Paginator(evidence_rows, EVIDENCE_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "view": view,
        "indicator": indicator,
        "row": row,
        "has_evidence": found is not None,
        "columns": columns,
        "page": page,
        "records": [
            [(label, _shown(value)) for label, value in zip(columns, record, strict=False)]
            for record in page.object_list
        ],
        "evidence_count": len(evidence_rows),
        "history": selectors.history(view=view, indicator=indicator),
        "query": query.urlencode(),
        "scope_query": f"?cluster={view.cluster.slug}" if view.cluster else "",
        "can_edit": view.consortium and access.is_coordinator(request.user),
    }
    return render(request, "kpi/indicator_detail.html", context)


@require_http_methods(["GET", "POST"])
def indicator_edit(request, code):
    view = _view(request)
    if not view.consortium or not access.is_coordinator(request.user):
        raise PermissionDenied
    indicator = selectors.indicator_get(view=view, code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(
                actor=request.user,
                indicator=selectors.indicator_get(view=view, code=code),
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("kpi:detail", code=code)
    status = 400 if request.method == "POST" else 200
    return render(request, "kpi/indicator_form.html", {"form": form, "code": code}, status=status)


@require_http_methods(["GET", "POST"])
def indicator_reports(request, code):
    """A manual indicator's reports: managers write and submit theirs, the coordinator
    approves them or returns them with a comment."""
    view = _view(request)
    indicator = selectors.indicator_get(view=view, code=code)
    if indicator.kind != Indicator.Kind.MANUAL:
        raise Http404
    editable = access.editable_clusters(request.user).filter(project=view.project)
    can_decide = view.consortium and access.is_coordinator(request.user)
    scoped = access.scope(ManualReport.objects.filter(indicator=indicator), request.user)
    action = request.POST.get("action")
    form = ReportForm(
        request.POST if action == "save" else None, clusters=editable.order_by("acronym")
    )
    status = 200
    if action == "save":
        if form.is_valid():
            try:
                reports.report_save(actor=request.user, indicator=indicator, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The report was saved as a draft."))
                return redirect("kpi:reports", code=code)
        status = 400
    elif action in ("submit", "approve", "return"):
        report_id = request.POST.get("report", "")
        report = get_object_or_404(scoped, pk=report_id if report_id.isdigit() else 0)
        try:
            if action == "submit":
                reports.report_submit(actor=request.user, report=report)
                messages.success(request, _("The report was submitted to the coordinator."))
            else:
                reports.report_decide(
                    actor=request.user,
                    report=report,
                    approve=action == "approve",
                    comment=request.POST.get("comment", ""),
                )
                messages.success(
                    request,
                    _("The report was approved.")
                    if action == "approve"
                    else _("The report was returned to the cluster."),
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("kpi:reports", code=code)
    context = {
        "indicator": indicator,
        "form": form if editable.exists() else None,
        "reports": scoped.select_related("cluster").order_by("-period_end", "cluster__acronym"),
        "editable_ids": set(editable.values_list("pk", flat=True)),
        "can_decide": can_decide,
    }
    return render(request, "kpi/reports.html", context, status=status)


@require_POST
def recompute(request):
    view = _view(request)
    if not view.consortium or not access.is_coordinator(request.user):
        raise PermissionDenied
    run = services.rollup_request(actor=request.user, project=view.project)
    messages.info(request, _("The indicators are being computed."))
    return redirect("kpi:run", pk=run.pk)


def run_status(request, pk):
    """The progress of a rollup: a page that refreshes itself without script, and a
    fragment (?fragment=1) the dashboard polls with script."""
    if not access.is_coordinator(request.user):
        raise Http404
    projects = access.visible_clusters(request.user).values("project")
    run = get_object_or_404(RollupRun.objects.filter(project__in=projects), pk=pk)
    progress = cache.get(services.progress_key(run.pk)) or {}
    context = {"run": run, "progress": progress}
    if request.GET.get("fragment"):
        return render(request, "kpi/includes/run_status.html", context)
    return render(request, "kpi/run.html", context)
