"""List filters of the dissemination pages and API."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from clusters.filters import _visible_clusters
from clusters.models import Sector

from .models import (
    ActivityType,
    Collaboration,
    CollaborationKind,
    CollaborationPost,
    CollaborationStatus,
    DisseminationActivity,
    PolicyDialogue,
    PolicyLevel,
)


class ActivityFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"), field_name="activity_type", choices=ActivityType.choices
    )
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug", field_name="clusters"
    )
    country = django_filters.ChoiceFilter(
        label=_("Country reached"), choices=countries, field_name="countries_reached__country"
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")
    is_public = django_filters.BooleanFilter(label=_("Public"))

    class Meta:
        model = DisseminationActivity
        fields = []

    def filter_queryset(self, queryset):
        # Filtering through the many-valued relations must not repeat an activity.
        return super().filter_queryset(queryset).distinct()


class DialogueFilter(django_filters.FilterSet):
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug"
    )
    level = django_filters.ChoiceFilter(label=_("Level"), choices=PolicyLevel.choices)
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = PolicyDialogue
        fields = []


class PostFilter(django_filters.FilterSet):
    cluster = django_filters.CharFilter(label=_("Cluster"), field_name="cluster__slug")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CollaborationKind.choices)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="slug"
    )
    is_open = django_filters.BooleanFilter(label=_("Open"))

    class Meta:
        model = CollaborationPost
        fields = []


class CollaborationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CollaborationStatus.choices)

    class Meta:
        model = Collaboration
        fields = []
