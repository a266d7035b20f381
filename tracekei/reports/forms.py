from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ReportRequestForm(forms.Form):
    """Which report, for which cluster (cluster reports), in which language."""

    report_type = forms.ChoiceField(label=_("Report"))
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    period_start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: from the project's start."),
    )
    period_end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: to the project's end."),
    )

    def __init__(self, *args, offer: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer = offer
        self.fields["report_type"].choices = [(r.code, r.title) for r in offer["types"]]
        self.fields["cluster"].choices = [("", "—")] + [
            (c.slug, c.acronym) for c in offer["clusters"]
        ]

    def clean(self):
        data = super().clean()
        report = next((r for r in self.offer["types"] if r.code == data.get("report_type")), None)
        if report is None:
            return data
        slug = data.get("cluster")
        data["cluster_object"] = next((c for c in self.offer["clusters"] if c.slug == slug), None)
        # A consortium report (no cluster) needs a coordinator (who has projects).
        optional = report.cluster_optional and self.offer["projects"]
        if report.per_cluster and data["cluster_object"] is None and not optional:
            self.add_error("cluster", _("Choose the cluster of this report."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        if not report.per_cluster and not self.offer["projects"]:
            self.add_error("report_type", _("Unknown report."))
        return data
