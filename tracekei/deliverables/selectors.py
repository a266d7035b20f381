"""Reads of the deliverables register, and who may do what with it.

Decided here, on top of tracekei.access:
- see: everyone with a role in the project (coordinator, any cluster's manager or
  viewer) sees every deliverable of the project, with its history and its file;
  someone with no role in the project gets 404;
- manage (create, edit, approve, reject, reopen): the project's coordinator and admins
  (``access.coordinates`` on the lead cluster, which belongs to the project);
- work on (attach a file or a report, move to draft or submitted): the manager of the
  lead cluster (``access.can_change_cluster``), and of course the coordinator.
  Viewers and the managers of other clusters only read.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from clusters.models import Cluster, Project, RoleAssignment
from tracekei import access

from .models import OPEN_STATUSES, Deliverable, Status

#: Moves allowed from each status (the coordinator may make all of them).
TRANSITIONS = {
    Status.PENDING: (Status.DRAFT, Status.SUBMITTED),
    Status.DRAFT: (Status.PENDING, Status.SUBMITTED),
    Status.SUBMITTED: (Status.APPROVED, Status.REJECTED),
    Status.APPROVED: (),
    # Rejected goes back to pending (or straight to a new draft or submission).
    Status.REJECTED: (Status.PENDING, Status.DRAFT, Status.SUBMITTED),
}
#: The moves a lead cluster's manager may make on their own cluster's deliverables.
LEAD_MANAGER_TARGETS = (Status.DRAFT, Status.SUBMITTED)


def visible_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=access.visible_clusters(user).values("project"))


def managed_projects(user) -> QuerySet[Project]:
    """Projects whose register this user manages: their coordinator (admins: all)."""
    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=user, role="coordinator").values("project")
    )


def lead_cluster_choices(user) -> QuerySet[Cluster]:
    return (
        access.editable_clusters(user)
        .filter(project__in=managed_projects(user))
        .select_related("project")
        .order_by("project__acronym", "acronym")
    )


def deliverable_list(*, user) -> QuerySet[Deliverable]:
    return Deliverable.objects.filter(project__in=visible_projects(user)).select_related(
        "project", "lead_cluster", "report"
    )


def deliverable_get(*, user, pk: int) -> Deliverable:
    try:
        return deliverable_list(user=user).get(pk=pk)
    except Deliverable.DoesNotExist as error:
        raise Http404 from error


def may_manage(user, deliverable: Deliverable) -> bool:
    return access.coordinates(user, deliverable.lead_cluster)


def may_work_on(user, deliverable: Deliverable) -> bool:
    return access.can_change_cluster(user, deliverable.lead_cluster)


def allowed_targets(user, deliverable: Deliverable) -> list[str]:
    targets = list(TRANSITIONS[Status(deliverable.status)])
    if may_manage(user, deliverable):
        return targets
    if may_work_on(user, deliverable):
        return [t for t in targets if t in LEAD_MANAGER_TARGETS]
    return []


def may_attach(user, deliverable: Deliverable) -> bool:
    """A file can change until the deliverable is in the EU's hands."""
    return deliverable.status in OPEN_STATUSES and may_work_on(user, deliverable)


def due_next(*, user, limit: int = 5) -> list[Deliverable]:
    """The next deliverables not yet submitted, the overdue ones first (oldest first)."""
    return list(
        deliverable_list(user=user)
        .filter(project__in=managed_projects(user), status__in=OPEN_STATUSES)
        .order_by("due_date", "number", "pk")[:limit]
    )


def overdue_count(*, user) -> int:
    return deliverable_list(user=user).overdue(timezone.localdate()).count()


def attachable_reports(*, user, deliverable: Deliverable):
    """Finished reports of the deliverable's project the user may see."""
    from tracekei.reports import selectors as report_selectors

    return report_selectors.request_list(user=user).filter(
        project_id=deliverable.project_id, status="done"
    )
