"""Input shapes of the strategy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput

from .models import (
    HEADING_CHOICES,
    Feedback,
    Goal,
    Handling,
    Indicator,
    IndicatorValue,
    PlannedService,
    RevenuePlanLine,
    Ris3Priority,
    Strategy,
    StrategyVersion,
    ValueChainStage,
)


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "start_year", "end_year"]

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster  # so the one-per-period rule shows as a form error

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("cluster")
        return exclusions


class HeadingsForm(forms.ModelForm):
    class Meta:
        model = StrategyVersion
        fields = list(StrategyVersion.CONTENT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in StrategyVersion.CONTENT_FIELDS
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["objective", "measurable_target", "horizon_year", "tags", "ris3_priorities"]
        widgets = {"ris3_priorities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ris3_priorities"].queryset = priorities


class CatalogueServiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_status_display()})"


class PlannedServiceForm(forms.ModelForm):
    """A service of the cluster's catalogue to improve, or a new one described in text."""

    class Meta:
        model = PlannedService
        fields = ["service", "name", "category", "kind", "fee_based"]
        field_classes = {"service": CatalogueServiceField}

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].empty_label = _("None: a new service")
        for name in ("name", "category"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        if not data.get("service") and "service" not in self.errors:
            for name in ("name", "category"):
                if not data.get(name):
                    self.add_error(name, _("Pick a service of the catalogue or describe it here."))
        return data


class RevenueLineForm(forms.ModelForm):
    class Meta:
        model = RevenuePlanLine
        fields = ["source", "year", "amount"]


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "target_year"]


class IndicatorValueForm(forms.ModelForm):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=None)

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "measured_on", "value", "note"]
        widgets = {"measured_on": DateInput()}

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class AdoptForm(forms.Form):
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput())
    adopted_by_body = forms.CharField(
        label=_("Adopted by"),
        max_length=200,
        help_text=_("The body that adopted it, e.g. the general assembly of members."),
    )


class ConsultationOpenForm(forms.Form):
    members = forms.ModelMultipleChoiceField(
        label=_("Members to consult"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each gets a personal link; no account is needed."),
    )
    policy_makers = forms.CharField(
        label=_("Policy makers (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One name per line, e.g. Regional Development Agency."),
    )
    message = forms.CharField(
        label=_("Message to the respondents"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members

    def respondents(self) -> list[dict]:
        people = [
            {"name": m.name, "role": "member", "member": m} for m in self.cleaned_data["members"]
        ]
        for line in self.cleaned_data["policy_makers"].splitlines():
            if line.strip():
                people.append({"name": line.strip()[:200], "role": "policy_maker"})
        return people

    def clean(self):
        data = super().clean()
        if not self.errors and not self.respondents():
            raise forms.ValidationError(_("Choose at least one member or name a policy maker."))
        return data


class FeedbackForm(forms.Form):
    heading = forms.ChoiceField(label=_("On which heading?"), choices=HEADING_CHOICES)
    comment = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}))


class RecordFeedbackForm(FeedbackForm):
    author = forms.CharField(
        label=_("From"), max_length=200, help_text=_("Who said it (a member, a meeting).")
    )


class HandlingForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["handling", "handling_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handling"].choices = Handling.choices


class Ris3PriorityForm(forms.ModelForm):
    class Meta:
        model = Ris3Priority
        fields = ["region", "domain", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ChainStageForm(forms.ModelForm):
    class Meta:
        model = ValueChainStage
        fields = ["position", "name", "members", "gaps", "opportunities", "goal_themes"]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "gaps": forms.Textarea(attrs={"rows": 2}),
            "opportunities": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class JointHeadingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    vision = forms.CharField(
        label=_("Vision"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mission = forms.CharField(
        label=_("Mission"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    goals_text = forms.CharField(
        label=_("Goals"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    services_text = forms.CharField(
        label=_("Services"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    financial_text = forms.CharField(
        label=_("Financial sustainability"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    indicators_text = forms.CharField(
        label=_("Indicators"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class JointGoalForm(forms.Form):
    objective = forms.CharField(label=_("Joint goal"), max_length=300)
    tags = forms.CharField(label=_("Themes"), max_length=300, required=False)
    clusters = forms.ModelMultipleChoiceField(
        label=_("Clusters involved"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clusters"].queryset = clusters
