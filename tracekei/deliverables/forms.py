"""Input shapes of the deliverables register's pages."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Deliverable, Status, WorkPackage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = ["number", "title", "work_package", "lead_cluster", "due_date", "description"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_cluster"].queryset = selectors.lead_cluster_choices(user)
        self.fields["lead_cluster"].label_from_instance = lambda c: c.acronym

    def validate_unique(self):
        # The project comes from the lead cluster: check the number within it here, so
        # a duplicate is an error under the field rather than a database error.
        super().validate_unique()
        cluster, number = self.cleaned_data.get("lead_cluster"), self.cleaned_data.get("number")
        if cluster and number:
            clash = Deliverable.objects.filter(project_id=cluster.project_id, number=number)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "number", _("The project already has a deliverable with this number.")
                )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"))
    submitted_on = forms.DateField(
        label=_("Submitted on"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a submission; today if left empty."),
    )
    late_justification = forms.CharField(
        label=_("Justification of the late submission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the deliverable is submitted after its due date."),
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, deliverable: Deliverable, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.deliverable = deliverable
        labels = dict(Status.choices)
        self.fields["status"].choices = [(t, labels[t]) for t in targets]

    def clean(self):
        data = super().clean()
        if data.get("status") == Status.SUBMITTED:
            day = data.get("submitted_on") or timezone.localdate()
            if day > timezone.localdate():
                self.add_error("submitted_on", _("The submission date cannot be in the future."))
            elif day > self.deliverable.due_date and not data.get("late_justification", "").strip():
                self.add_error("late_justification", _("Submitted after the due date: say why."))
        if data.get("status") == Status.REJECTED and not data.get("comment", "").strip():
            self.add_error("comment", _("Say why the deliverable was rejected."))
        return data


class AttachForm(forms.Form):
    file = forms.FileField(
        label=_("Upload a file"),
        required=False,
    )
    report = forms.ModelChoiceField(
        label=_("Or attach a generated report"), required=False, queryset=None
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        from .services import upload_limits

        allowed, max_bytes = upload_limits()
        self.fields["file"].help_text = _("%(types)s, up to %(mb)d MB.") % {
            "types": ", ".join(sorted(e.lstrip(".").upper() for e in allowed)),
            "mb": max_bytes // (1024 * 1024),
        }
        self.fields["report"].queryset = reports
        self.fields["report"].label_from_instance = lambda r: (
            f"{r.title}{' — ' + r.cluster.acronym if r.cluster_id else ''} "
            f"({r.created_at:%Y-%m-%d})"
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("report")):
            raise forms.ValidationError(_("Upload a file or choose a report (one of the two)."))
        return data


class DeliverableFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices]
    )
    work_package = forms.ChoiceField(
        label=_("Work package"),
        required=False,
        choices=[("", _("Any work package")), *WorkPackage.choices],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("work_package"):
            queryset = queryset.filter(work_package=data["work_package"])
        if data.get("overdue"):
            queryset = queryset.overdue()
        return queryset
