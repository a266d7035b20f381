"""Member list filters, shared by the member page and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tracekei import access

from .models import MemberType, Sector, SizeClass, active_members_q


def _visible_clusters(request):
    if request is None:  # schema generation
        return access.visible_clusters(None)
    return access.visible_clusters(request.user)


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting by a column with ties (type, country) must not shuffle rows between pages."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        return queryset.order_by(*queryset.query.order_by, "name", "pk") if value else queryset


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug"
    )
    member_type = django_filters.ChoiceFilter(label=_("Type"), choices=MemberType.choices)
    size_class = django_filters.ChoiceFilter(label=_("Size"), choices=SizeClass.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries)
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"), queryset=Sector.objects.all(), field_name="sectors", to_field_name="slug"
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("active", _("Active")), ("left", _("Left"))],
        method="by_status",
    )

    sort = StableOrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("cluster__acronym", "cluster"),
            ("member_type", "type"),
            ("country", "country"),
            ("joined_on", "joined"),
        ),
    )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(contact_name__icontains=value)
            | Q(contact_email__icontains=value)
            | Q(vat_number__icontains=value)
        )

    def by_status(self, queryset, name, value):
        active = active_members_q()
        return queryset.filter(active if value == "active" else ~active)
