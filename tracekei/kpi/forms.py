"""Input shapes of the KPI pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator

EDITABLE_FIELDS = ("name", "description", "unit", "target", "baseline", "direction")


class IndicatorForm(forms.ModelForm):
    """The coordinator edits an indicator's target and wording (not how it is computed)."""

    class Meta:
        model = Indicator
        fields = list(EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ReportForm(forms.Form):
    """A manager's report on a manual indicator for one month."""

    cluster = forms.ModelChoiceField(queryset=None, label=_("Cluster"))
    period_end = forms.DateField(
        label=_("Month reported on"),
        help_text=_("Any day of the month: the report covers the whole month."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    value = forms.DecimalField(label=_("Value"), min_value=0, max_digits=14, decimal_places=2)
    narrative = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        help_text=_("Links or references to the documents."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        if clusters.count() == 1:
            self.fields["cluster"].initial = clusters.first()
