"""Input shapes of the campaign pages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import MemberType, Sector

from . import mail
from .models import Campaign, InvitationStatus, SuppressionReason


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _field_key(code: str) -> str:
    return code.replace("-", "_")


class CampaignForm(forms.Form):
    """A draft campaign: what is sent, to whom it is addressed, when, and the e-mail."""

    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None, empty_label=None)
    questionnaire = forms.ModelChoiceField(
        label=_("Questionnaire"),
        queryset=None,
        help_text=_("The consortium's current questionnaires and your cluster's own."),
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes on"), widget=DateInput(), help_text=_("The links stop working after it.")
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_("Results never name who answered; you still see who has not answered yet."),
    )
    reminder_after_days = forms.CharField(
        label=_("Reminders after (days)"),
        required=False,
        initial="7, 14",
        help_text=_("Days after the invitation, separated by commas, e.g. 7, 14."),
    )
    max_reminders = forms.IntegerField(
        label=_("At most this many reminders"), min_value=0, max_value=10, initial=2
    )

    def __init__(self, *args, clusters, questionnaires, campaign: Campaign | None = None, **kw):
        super().__init__(*args, **kw)
        self.campaign = campaign
        self.fields["cluster"].queryset = clusters
        self.fields["questionnaire"].queryset = questionnaires
        if campaign is not None:
            # A campaign keeps its cluster; the field is shown, not changed.
            self.fields["cluster"].disabled = True
        subjects, bodies = mail.default_texts()
        if campaign is not None:
            subjects.update({k: v for k, v in campaign.invitation_subject.items() if v})
            bodies.update({k: v for k, v in campaign.invitation_body.items() if v})
        known = mail.placeholder_list()
        for code, name in settings.LANGUAGES:
            key = _field_key(code)
            self.fields[f"subject_{key}"] = forms.CharField(
                label=_("Subject (%(language)s)") % {"language": name},
                max_length=200,
                required=code == "en",
                initial=subjects.get(code, ""),
            )
            self.fields[f"body_{key}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name},
                max_length=5000,
                required=code == "en",
                initial=bodies.get(code, ""),
                widget=forms.Textarea(attrs={"rows": 10}),
                help_text=_("Placeholders: %(known)s") % {"known": known} if code == "en" else "",
            )

    def languages(self):
        """Per language: its name and the bound subject and text fields (the template)."""
        return [
            {
                "code": code,
                "name": name,
                "subject": self[f"subject_{_field_key(code)}"],
                "body": self[f"body_{_field_key(code)}"],
            }
            for code, name in settings.LANGUAGES
        ]

    def clean_reminder_after_days(self):
        raw = self.cleaned_data["reminder_after_days"] or ""
        days = []
        for part in raw.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 365:
                raise forms.ValidationError(
                    _("Write whole days between 1 and 365, separated by commas, e.g. 7, 14.")
                )
            days.append(int(part))
        if days != sorted(set(days)):
            raise forms.ValidationError(_("Write the days in increasing order, each once."))
        return days

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The campaign must close on or after its opening day."))
        if closes_on and closes_on < timezone.localdate():
            self.add_error("closes_on", _("The closing day is past: choose today or later."))
        cluster, questionnaire = data.get("cluster"), data.get("questionnaire")
        if (
            cluster
            and questionnaire
            and (
                questionnaire.project_id != cluster.project_id
                or questionnaire.cluster_id not in (None, cluster.pk)
            )
        ):
            self.add_error(
                "questionnaire",
                _("This questionnaire belongs to another cluster: choose one of yours."),
            )
        days, maximum = data.get("reminder_after_days"), data.get("max_reminders")
        if days is not None and maximum is not None and len(days) > maximum:
            self.add_error(
                "max_reminders",
                _("You listed %(count)s reminder days: allow at least that many reminders.")
                % {"count": len(days)},
            )
        for code, _name in settings.LANGUAGES:
            for kind in ("subject", "body"):
                name = f"{kind}_{_field_key(code)}"
                text = data.get(name)
                if text:
                    try:
                        mail.validate_placeholders(text)
                    except forms.ValidationError as error:
                        self.add_error(name, error)
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "questionnaire": data["questionnaire"],
            "title": data["title"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "anonymous": data["anonymous"],
            "reminder_after_days": data["reminder_after_days"],
            "max_reminders": data["max_reminders"],
            "invitation_subject": self._texts("subject"),
            "invitation_body": self._texts("body"),
        }

    def _texts(self, kind: str) -> dict:
        texts = {}
        for code, _name in settings.LANGUAGES:
            value = (self.cleaned_data.get(f"{kind}_{_field_key(code)}") or "").strip()
            if value:
                texts[code] = value.replace("\r\n", "\n")
        return texts


class RecipientForm(forms.Form):
    """Which members of the campaign's cluster are asked."""

    member_types = forms.MultipleChoiceField(
        label=_("Member types"),
        choices=MemberType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every type."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"),
        queryset=Sector.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every sector."),
    )
    consent_only = forms.BooleanField(
        label=_("Only members who agreed to be contacted for surveys"),
        required=False,
        initial=True,
    )

    def chosen(self):
        from .campaigns import RecipientFilter

        data = self.cleaned_data
        return RecipientFilter(
            member_types=list(data.get("member_types") or []),
            sectors=[sector.pk for sector in data.get("sectors") or []],
            consent_only=bool(data.get("consent_only")),
        )


class PreviewForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, required=False)
    member = forms.ModelChoiceField(label=_("Recipient"), queryset=None, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("waiting", _("Not answered yet")), *InvitationStatus.choices],
    )


class SuppressionForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    email = forms.EmailField(label=_("E-mail address"))
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[
            (SuppressionReason.BOUNCED, SuppressionReason.BOUNCED.label),
            (SuppressionReason.COMPLAINT, SuppressionReason.COMPLAINT.label),
            (SuppressionReason.OPTED_OUT, SuppressionReason.OPTED_OUT.label),
        ],
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
