import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tracekei import access

from .models import Action, Entry
from .selectors import audited_content_types


class EntryFilter(django_filters.FilterSet):
    cluster = django_filters.ModelChoiceFilter(queryset=None, label=_("Cluster"))
    model = django_filters.ChoiceFilter(
        field_name="content_type", choices=(), label=_("Kind of data"), empty_label=_("All")
    )
    action = django_filters.ChoiceFilter(choices=Action.choices, label=_("Action"))
    actor = django_filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", label=_("Who")
    )
    since = django_filters.DateFilter(
        field_name="when",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="when",
        lookup_expr="date__lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Entry
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["cluster"].queryset = access.visible_clusters(request.user).order_by("acronym")
        self.filters["model"].extra["choices"] = [
            (ct.pk, f"{ct.app_label}: {ct.name}") for ct in audited_content_types()
        ]
