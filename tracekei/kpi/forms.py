"""Input shapes of the KPI pages."""

from django import forms

from .models import Indicator

EDITABLE_FIELDS = ("name", "description", "unit", "target", "baseline", "direction")


class IndicatorForm(forms.ModelForm):
    """The coordinator edits an indicator's target and wording (not how it is computed)."""

    class Meta:
        model = Indicator
        fields = list(EDITABLE_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
