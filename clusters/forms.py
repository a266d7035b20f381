"""Input shapes of the clusters pages."""

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import ClusterRole, LabelAward, Member


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = [*Member.EDITABLE_FIELDS, "sectors"]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "survey_consent_on": DateInput(),
            "joined_on": DateInput(),
            "left_on": DateInput(),
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        # The cluster comes from the URL, not the form: set it so the uniqueness
        # check (same organisation twice in one cluster) runs with the form's errors.
        self.instance.cluster = cluster

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        exclusions.discard("organisation_key")  # Member.clean() derives it from the fields
        return exclusions

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("sectors", None)
        return data


class MemberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Member file"),
        help_text=_("A .csv or .xlsx file with a header row. Nothing is saved until you confirm."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ClusterRole.choices)
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        choices=settings.LANGUAGES,
        help_text=_("The invitation and the first page they see are in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = translation.get_language()


class InvitationAcceptForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LabelAwardForm(forms.ModelForm):
    class Meta:
        model = LabelAward
        fields = ["level", "awarded_on", "valid_until", "note"]
        widgets = {"awarded_on": DateInput(), "valid_until": DateInput()}
        help_texts = {"valid_until": _("Leave empty for the usual two years.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].required = False
