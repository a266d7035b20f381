from django import forms
from django.utils.translation import gettext_lazy as _


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the contact erased?"),
        max_length=300,
        help_text=_("For example: the person asked for it by e-mail on 3 March."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the erasure cannot be undone."), required=True
    )
