"""Who may see and change which cluster: the one place that decides.

Every view, API viewset, admin page, export and report starts from
``visible_clusters`` / ``editable_clusters`` (or ``scope``, which applies them to
any cluster-owned queryset). Asking for an object outside one's scope is the
same as asking for one that does not exist: 404.

- admin (superuser): every cluster, read and write;
- coordinator (assigned to a project): every cluster of the project, read and write;
- cluster manager (assigned to a cluster): that cluster, read and write;
- viewer (assigned to a cluster): that cluster, read only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

if TYPE_CHECKING:
    from clusters.models import Cluster


def _role_model():
    from clusters.models import RoleAssignment

    return RoleAssignment


def _cluster_model():
    from clusters.models import Cluster

    return Cluster


def visible_clusters(user) -> QuerySet[Cluster]:
    """The clusters this user may see. Lazy: used inside other queries it adds no query."""
    return _clusters_for(user, roles=("coordinator", "manager", "viewer"))


def editable_clusters(user) -> QuerySet[Cluster]:
    """The clusters this user may change."""
    return _clusters_for(user, roles=("coordinator", "manager"))


def _clusters_for(user, *, roles: tuple[str, ...]) -> QuerySet[Cluster]:
    Cluster = _cluster_model()
    if not user or not user.is_authenticated or not user.is_active:
        return Cluster.objects.none()
    if user.is_superuser:
        return Cluster.objects.all()
    assignments = _role_model().objects.filter(user=user, role__in=roles)
    return Cluster.objects.filter(
        Q(project__in=assignments.filter(role="coordinator").values("project"))
        | Q(pk__in=assignments.exclude(role="coordinator").values("cluster"))
    )


def is_coordinator(user) -> bool:
    """Coordinators (and admins) see the consortium as a whole: the overview pages."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return _role_model().objects.filter(user=user, role="coordinator").exists()


def coordinates(user, cluster: Cluster) -> bool:
    """Is the user a coordinator of this cluster's project (or an admin)?

    Being a coordinator of some other project gives nothing here."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        _role_model()
        .objects.filter(user=user, role="coordinator", project_id=cluster.project_id)
        .exists()
    )


def can_change_cluster(user, cluster: Cluster) -> bool:
    return editable_clusters(user).filter(pk=cluster.pk).exists()


def scope(queryset: QuerySet, user, *, cluster_field: str = "cluster", write=False) -> QuerySet:
    """Restrict a queryset of cluster-owned rows to what the user may see (or change)."""
    clusters = editable_clusters(user) if write else visible_clusters(user)
    if cluster_field == "pk":
        return queryset.filter(pk__in=clusters.values("pk"))
    return queryset.filter(**{f"{cluster_field}__in": clusters.values("pk")})


def get_visible_or_404(queryset: QuerySet, user, *, cluster_field: str = "cluster", **lookup):
    """Fetch one object the user may see; anything else (missing or not theirs) is 404."""
    try:
        return scope(queryset, user, cluster_field=cluster_field).get(**lookup)
    except queryset.model.DoesNotExist as error:
        raise Http404 from error


def require_change(user, cluster: Cluster) -> None:
    """A visible object the user may only read (a viewer): 403, not 404."""
    if not can_change_cluster(user, cluster):
        raise PermissionDenied


def require_coordinator_of(user, cluster: Cluster) -> None:
    """Project-level acts (inviting people to a cluster) need the cluster's own coordinator."""
    if not coordinates(user, cluster):
        raise PermissionDenied
