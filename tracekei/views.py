"""Cross-cutting pages: the signed-in home and the health probe."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clusters import selectors as cluster_selectors
from clusters.models import active_members_q

from . import access, health
from .kpi import selectors as kpi_selectors

# The coordinator's home lists this many clusters; the cluster list pages through the rest.
DASHBOARD_CLUSTERS = 12


@login_not_required
def dashboard(request):
    """The signed-in home; an anonymous visitor lands on the public project site."""
    user = request.user
    if not user.is_authenticated:
        return redirect("dissemination:public_home")
    clusters = cluster_selectors.cluster_list(user=user)
    active_members = cluster_selectors.member_list(user=user).filter(active_members_q())
    context = {
        "clusters": cluster_selectors.with_labels(clusters[:DASHBOARD_CLUSTERS]),
        "cluster_count": clusters.count(),
        "is_coordinator": access.is_coordinator(user),
        "expiring_labels": cluster_selectors.labels_expiring(user=user),
        "member_total": active_members.count(),
        "distinct_organisations": cluster_selectors.distinct_organisations(active_members),
    }
    context["kpi_rows"] = _kpi_summary(user)
    return render(request, "dashboard.html", context)


def _kpi_summary(user):
    """The project's targets as the last rollup left them (snapshots only)."""
    try:
        view = kpi_selectors.kpi_view(user=user)
    except Http404:  # no cluster, no project: nothing to summarise
        return []
    return [
        row for row in kpi_selectors.indicator_rows(view=view) if row.indicator.is_project_target
    ]


@login_not_required
@never_cache
def healthz(request):
    checks = health.run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
