"""REST framework pieces shared by every app's API."""

from rest_framework.filters import OrderingFilter
from rest_framework.permissions import BasePermission, IsAuthenticated

from tracekei import access


class StableOrderingFilter(OrderingFilter):
    """?ordering=country has ties; ending on the primary key keeps pages from overlapping."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        return [*ordering, "pk"] if "pk" not in ordering and "-pk" not in ordering else ordering


class CreatesNeedAnEditableCluster(BasePermission):
    """A viewer (who may change no cluster) is refused creating, with 403 like every other
    change they may not make, before the body is read (it was a 400 for the body).
    For viewsets whose rows belong to a cluster the creator must be able to change."""

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "create":
            return True
        return access.editable_clusters(request.user).exists()


#: The permissions of a viewset creating cluster-owned rows.
CLUSTER_WRITES = [IsAuthenticated, CreatesNeedAnEditableCluster]
