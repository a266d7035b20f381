"""Input shapes of the services pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from clusters.models import MemberType

from .models import (
    ReferenceService,
    Service,
    ServiceAssessment,
    ServiceCategory,
    ServiceMapping,
    TrafficLight,
)


class ServiceForm(forms.ModelForm):
    target_member_types = forms.MultipleChoiceField(
        label=_("Target member types"),
        choices=MemberType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty when the service is for every kind of member."),
    )

    class Meta:
        model = Service
        fields = list(Service.EDITABLE_FIELDS)
        widgets = {
            "status_since": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "currency": forms.TextInput(attrs={"size": 3, "maxlength": 3}),
        }

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        # Set the cluster so the uniqueness check (same name twice) runs with the form.
        self.instance.cluster = cluster
        self.fields["category"].queryset = ServiceCategory.objects.order_by("position", "name")
        self.fields["price_min"].widget.attrs["min"] = "0"
        self.fields["price_max"].widget.attrs["min"] = "0"

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class MemberChoiceField(forms.ModelMultipleChoiceField):
    default_error_messages = {
        "invalid_choice": _("%(value)s is not a member of this cluster."),
        "invalid_pk_value": _("“%(pk)s” is not a member."),
        "required": _("Choose at least one member."),
    }


class DeliveryForm(forms.Form):
    """One service delivered to many members on one day. The members are checkboxes that
    the page lists itself (with a filter that works without JavaScript)."""

    members = MemberChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Hours per member"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        help_text=_("Optional."),
    )
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: what the members got out of it."),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label = _("Members")

    def selected_ids(self) -> set[str]:
        if not self.is_bound:
            return set()
        return set(self.data.getlist(self.add_prefix("members")))


class DeliveryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Delivery file"),
        help_text=_("A .csv or .xlsx file with a header row. All rows are saved, or none."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class ReferenceServiceForm(forms.ModelForm):
    class Meta:
        model = ReferenceService
        fields = ["category", "name", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("project")
        return exclusions


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = ServiceAssessment
        fields = ["assessed_on", "quality", "maturity", "note"]
        widgets = {
            "assessed_on": DateInput(),
            "quality": forms.RadioSelect(choices=[(n, str(n)) for n in range(1, 6)]),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class MappingForm(forms.ModelForm):
    class Meta:
        model = ServiceMapping
        fields = [
            "period",
            "answered_on",
            "initial_goals",
            "goals_pursued",
            "services_provided",
            "revenue_public",
            "revenue_membership",
            "revenue_services",
            "revenue_other",
            "sustainability_outlook",
            "sustainability_note",
            "committed_members",
        ]
        widgets = {
            "answered_on": DateInput(),
            "initial_goals": forms.Textarea(attrs={"rows": 3}),
            "services_provided": forms.Textarea(attrs={"rows": 3}),
            "sustainability_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"revenue_other": _("The four shares must add up to 100.")}

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        for name in ServiceMapping.REVENUE_FIELDS:
            self.fields[name].widget.attrs.update({"min": "0", "max": "100"})

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class ExcellenceCheckForm(forms.Form):
    """The traffic-light worksheet: a rating and a note per item (fields built from
    services.excellence.AREAS)."""

    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        from .excellence import AREAS

        super().__init__(*args, **kwargs)
        self.areas = []
        for _code, area_name, items in AREAS:
            rows = []
            for item, question in items:
                self.fields[f"{item}_rating"] = forms.ChoiceField(
                    label=question, choices=TrafficLight.choices, widget=forms.RadioSelect
                )
                self.fields[f"{item}_note"] = forms.CharField(
                    label=_("Note"), required=False, max_length=500
                )
                rows.append((item, self[f"{item}_rating"], self[f"{item}_note"]))
            self.areas.append((area_name, rows))

    def ratings(self) -> dict[str, tuple[str, str]]:
        from .excellence import ITEM_CODES

        return {
            item: (self.cleaned_data[f"{item}_rating"], self.cleaned_data[f"{item}_note"])
            for item in ITEM_CODES
        }


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ServiceCategory
        fields = ["name", "slug", "position"]
        help_texts = {"slug": _("A short code used in links and files, e.g. market-intelligence.")}
