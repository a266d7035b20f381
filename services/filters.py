"""Filters of the service, delivery and mapping lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.filters import _visible_clusters

from .models import FeeModel, MappingPeriod, ServiceCategory, ServiceStatus


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=ServiceCategory.objects.all(), to_field_name="slug"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ServiceStatus.choices)
    fee_model = django_filters.ChoiceFilter(label=_("Fee model"), choices=FeeModel.choices)

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))


class DeliveryFilter(django_filters.FilterSet):
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"),
        queryset=_visible_clusters,
        to_field_name="slug",
        field_name="service__cluster",
    )
    service = django_filters.NumberFilter(label=_("Service"), field_name="service")
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=ServiceCategory.objects.all(),
        to_field_name="slug",
        field_name="service__category",
    )
    status = django_filters.ChoiceFilter(
        label=_("Service status"), choices=ServiceStatus.choices, field_name="service__status"
    )
    member = django_filters.NumberFilter(label=_("Member"), field_name="member")
    delivered_after = django_filters.DateFilter(field_name="delivered_on", lookup_expr="gte")
    delivered_before = django_filters.DateFilter(field_name="delivered_on", lookup_expr="lte")


class MappingFilter(django_filters.FilterSet):
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug"
    )
    period = django_filters.ChoiceFilter(label=_("Period"), choices=MappingPeriod.choices)
