"""REST framework pieces shared by every app's API."""

from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """?ordering=country has ties; ending on the primary key keeps pages from overlapping."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        return [*ordering, "pk"] if "pk" not in ordering and "-pk" not in ordering else ordering
