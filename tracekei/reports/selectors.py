"""Reads of the reports layer. Who sees which report: a coordinator (or admin) every
report of their project; a cluster's manager the cluster reports of their cluster;
nobody else anything (404)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from clusters.models import Project, RoleAssignment
from tracekei import access

from .catalogue import report_types
from .models import ReportRequest


def coordinated_projects(user) -> QuerySet[Project]:
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=user, role="coordinator").values("project")
    )


def request_list(*, user) -> QuerySet[ReportRequest]:
    per_cluster = [code for code, report in report_types().items() if report.per_cluster]
    # A report type with its own rule (a certificate): its requester sees what they asked.
    own_rule = [code for code, report in report_types().items() if report.permits]
    return (
        ReportRequest.objects.filter(
            Q(project__in=coordinated_projects(user))
            | Q(report_type__in=per_cluster, cluster__in=access.editable_clusters(user))
            | Q(report_type__in=own_rule, requested_by=user)
            if user.is_authenticated
            else Q(pk__in=[])
        )
        .select_related("project", "cluster", "requested_by")
        .order_by("-created_at", "-pk")
    )


def request_get(*, user, pk: int) -> ReportRequest:
    try:
        return request_list(user=user).get(pk=pk)
    except ReportRequest.DoesNotExist as error:
        raise Http404 from error


def requestable(user) -> dict:
    """What the request form offers: the report types and the clusters for each."""
    projects = list(coordinated_projects(user).filter(clusters__isnull=False).distinct())
    clusters = list(access.editable_clusters(user).select_related("project").order_by("acronym"))
    types = [r for r in report_types().values() if r.listed and (r.per_cluster or projects)]
    return {"types": types, "projects": projects, "clusters": clusters}
