"""Cross-cutting pages: the signed-in home and the health probe."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from clusters import selectors as cluster_selectors

from . import access, health


def dashboard(request):
    user = request.user
    clusters = cluster_selectors.cluster_overview(user=user)
    context = {
        "clusters": clusters,
        "is_coordinator": access.is_coordinator(user),
        "expiring_labels": cluster_selectors.labels_expiring(user=user),
        "member_total": sum(cluster.member_count for cluster in clusters),
        "distinct_organisations": cluster_selectors.distinct_organisations(
            cluster_selectors.member_list(user=user).filter(left_on__isnull=True)
        ),
    }
    return render(request, "dashboard.html", context)


@login_not_required
@never_cache
def healthz(request):
    from django.http import JsonResponse

    checks = health.run_checks()
    healthy = all(check["ok"] for check in checks.values())
    connection.close_if_unusable_or_obsolete()
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
