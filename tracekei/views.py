"""Cross-cutting pages: the signed-in home and the health probe."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from clusters import selectors as cluster_selectors
from clusters.models import active_members_q

from . import access, health

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
    return render(request, "dashboard.html", context)


@login_not_required
@never_cache
def healthz(request):
    checks = health.run_checks()
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
