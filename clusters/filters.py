"""Member list filters, shared by the member page and the API."""

from html import escape

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tracekei import access

from .models import MemberType, Sector, SizeClass, active_members_q


def _visible_clusters(request):
    if request is None:  # schema generation
        return access.visible_clusters(None)
    return access.visible_clusters(request.user)


class QuickSelect(forms.Select):
    """The same ``<select>`` as Django's, written without one template per option: a
    cluster filter lists every cluster of a programme (1,000 options cost ~150 ms as
    templates, a few ms here); the country filter 250."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = {str(item) for item in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if key in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in ((str(key), label) for key, label in self.choices)
        )
        # every value and label above went through html.escape
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe(options))  # noqa: S308


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting by a column with ties (type, country) must not shuffle rows between pages."""

    def filter(self, queryset, value):
        queryset = super().filter(queryset, value)
        return queryset.order_by(*queryset.query.order_by, "name", "pk") if value else queryset


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cluster = django_filters.ModelChoiceFilter(
        label=_("Cluster"), queryset=_visible_clusters, to_field_name="slug", widget=QuickSelect
    )
    member_type = django_filters.ChoiceFilter(label=_("Type"), choices=MemberType.choices)
    size_class = django_filters.ChoiceFilter(label=_("Size"), choices=SizeClass.choices)
    country = django_filters.ChoiceFilter(label=_("Country"), choices=countries, widget=QuickSelect)
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
