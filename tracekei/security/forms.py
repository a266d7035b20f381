from django import forms

from .models import TwoFactorPolicy


class TwoFactorPolicyForm(forms.ModelForm):
    class Meta:
        model = TwoFactorPolicy
        fields = ["required_for_coordinators"]
