"""Activity list filters, shared by the list page, the calendar and the API."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.filters import QuickSelect

from . import selectors
from .models import ActivityStatus, ActivityType


def _clusters(request):
    return selectors.clusters_of_projects(request.user if request is not None else None).only(
        "pk", "slug", "acronym"
    )


class ActivityFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        method="by_when",
    )
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="activity_type", choices=ActivityType.choices
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"),
        queryset=_clusters,
        field_name="organising_cluster",
        method="by_cluster",
        to_field_name="slug",
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ActivityStatus.choices)
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def by_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "upcoming":
            return queryset.filter(end_date__gte=today).order_by("start_date", "pk")
        return queryset.filter(end_date__lt=today).order_by("-start_date", "-pk")

    def by_cluster(self, queryset, name, value):
        """Organised or hosted by the cluster."""
        return queryset.filter(Q(organising_cluster=value) | Q(host_cluster=value))

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(city__icontains=value)
            | Q(host_organisation__icontains=value)
        )
