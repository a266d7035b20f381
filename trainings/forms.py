"""Input shapes of the trainings pages."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput

from .models import Activity, AssessmentRound, CoreModule


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["organising_cluster", *Activity.EDITABLE_FIELDS, "modules"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "modules": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, organising_clusters, host_clusters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organising_cluster"].queryset = organising_clusters
        self.fields["host_cluster"].queryset = host_clusters
        self.fields["modules"].queryset = CoreModule.objects.filter(is_active=True)
        if self.instance.pk:
            # An activity stays with the cluster that organises it.
            del self.fields["organising_cluster"]
        elif organising_clusters.count() == 1:
            self.fields["organising_cluster"].initial = organising_clusters.first()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("modules", None)
        data.pop("organising_cluster", None)
        return data


class OutsideParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class UserParticipantForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Portal user"), queryset=None)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"


class AttendanceHoursForm(forms.Form):
    """The attendance grid's hours per day (``hours_YYYY-MM-DD``): how long each day was,
    for everyone there that day. Default 8, or what the day was recorded with."""

    DEFAULT = Decimal(8)

    def __init__(self, *args, days, recorded, **kwargs):
        super().__init__(*args, **kwargs)
        self.days = list(days)
        for day in self.days:
            self.fields[self.name_of(day)] = forms.DecimalField(
                label=_("Hours on %(day)s") % {"day": date_format(day, "D j M")},
                min_value=Decimal("0.5"),
                max_value=Decimal(24),
                max_digits=4,
                decimal_places=1,
                initial=recorded.get(day, self.DEFAULT),
                required=False,  # empty: the day keeps its recorded hours (new: 8)
                error_messages={
                    "min_value": _("Give at least half an hour."),
                    "max_value": _("Hours must be more than 0 and at most 24."),
                },
                widget=forms.NumberInput(attrs={"step": "0.5", "class": "hours-input"}),
            )

    @staticmethod
    def name_of(day) -> str:
        return f"hours_{day.isoformat()}"

    def bound_fields(self) -> list:
        """(day, bound field) per day, for the grid's header."""
        return [(day, self[self.name_of(day)]) for day in self.days]

    def hours(self) -> dict:
        """{day: hours} of the days given (an empty field is left out)."""
        values = {day: self.cleaned_data.get(self.name_of(day)) for day in self.days}
        return {day: value for day, value in values.items() if value is not None}


class FeedbackLaunchForm(forms.Form):
    closes_on = forms.DateField(
        label=_("Open until"),
        widget=DateInput(),
        help_text=_("The personal links stop working after this day."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .feedback import OPEN_DAYS

        self.fields["closes_on"].initial = timezone.localdate() + dt.timedelta(days=OPEN_DAYS)

    def clean_closes_on(self):
        day = self.cleaned_data["closes_on"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."))
        if day > timezone.localdate() + dt.timedelta(days=366):
            raise forms.ValidationError(_("Choose a day within a year."))
        return day


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))


class AssessmentRoundForm(forms.ModelForm):
    class Meta:
        model = AssessmentRound
        fields = ["name", "kind", "opened_on"]
        widgets = {"opened_on": DateInput()}


LEVEL_CHOICES = [
    (1, _("1: no knowledge")),
    (2, _("2: basic")),
    (3, _("3: working knowledge")),
    (4, _("4: good")),
    (5, _("5: expert")),
]


class SelfAssessmentForm(forms.Form):
    """One 1-5 choice per active core module."""

    def __init__(self, *args, modules, initial_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = list(modules)
        for module in self.modules:
            self.fields[f"module_{module.pk}"] = forms.TypedChoiceField(
                label=module.name,
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                initial=initial_levels.get(module.pk),
                error_messages={
                    "invalid_choice": _("A rating is a whole number from 1 to 5."),
                    "required": _("Rate this module from 1 to 5."),
                },
            )

    def levels(self) -> dict[int, int]:
        return {module.pk: self.cleaned_data[f"module_{module.pk}"] for module in self.modules}


class CoreModuleForm(forms.ModelForm):
    class Meta:
        model = CoreModule
        fields = ["name", "slug", "description", "position", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MentoringPairForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor (expert)"), queryset=None)
    mentee = forms.ModelChoiceField(label=_("Mentee (rookie)"), queryset=None)
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())

    def __init__(self, *args, managers, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("mentor", "mentee"):
            self.fields[name].queryset = managers
            self.fields[name].label_from_instance = lambda u: u.get_full_name() or u.email

    def clean(self):
        data = super().clean()
        if data.get("mentor") and data.get("mentor") == data.get("mentee"):
            self.add_error("mentee", _("Mentor and mentee must be two different people."))
        return data


class MentoringSessionForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), min_value=0.5, max_value=24, decimal_places=1)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
