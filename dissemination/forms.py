"""Input shapes of the dissemination pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusters.forms import DateInput
from clusters.models import Member
from tracekei import access

from .models import (
    AudienceType,
    Collaboration,
    CollaborationPost,
    CollaborationStatus,
    DisseminationActivity,
    FollowUp,
    PolicyDialogue,
    SuccessStory,
    language_choices,
)
from .services import ACTIVITY_FIELDS, DIALOGUE_FIELDS, STORY_FIELDS, clean_country_codes


class ActivityForm(forms.ModelForm):
    clusters = forms.ModelMultipleChoiceField(
        label=_("Clusters responsible"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    link = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    countries = forms.CharField(
        label=_("Countries reached"),
        required=False,
        max_length=1000,
        help_text=_("Two-letter country codes separated by commas, e.g. FR, ES, GR."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=language_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience_types = forms.MultipleChoiceField(
        label=_("Audience types"),
        choices=AudienceType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "clusters",
        "activity_type",
        "date",
        "title",
        "summary",
        "link",
        "countries",
        "languages",
        "audience_size",
        "audience_types",
        "evidence",
        "is_public",
    ]

    class Meta:
        model = DisseminationActivity
        fields = list(ACTIVITY_FIELDS)
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = access.editable_clusters(user).order_by("acronym")
        self.fields["clusters"].queryset = editable
        if self.instance.pk:
            self.fields["clusters"].initial = list(self.instance.clusters.all())
            self.fields["countries"].initial = ", ".join(
                str(c.country) for c in self.instance.countries_reached.all()
            )
        elif editable.count() == 1:
            self.fields["clusters"].initial = list(editable)

    def clean_countries(self):
        codes = [
            c for c in self.cleaned_data["countries"].replace(";", ",").split(",") if c.strip()
        ]
        try:
            return clean_country_codes(codes)
        except ValidationError as error:
            raise ValidationError(error.message_dict["countries"]) from error

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        return {name: data[name] for name in ACTIVITY_FIELDS if name in data}


class DialogueForm(forms.ModelForm):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None)

    class Meta:
        model = PolicyDialogue
        fields = ["cluster", *DIALOGUE_FIELDS]
        widgets = {"date": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = access.editable_clusters(user).order_by("acronym")
        self.fields["cluster"].queryset = editable
        if self.instance.pk:
            del self.fields["cluster"]
        elif editable.count() == 1:
            self.fields["cluster"].initial = editable.first()


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["action", "owner", "due_on"]
        widgets = {"due_on": DateInput()}


class PostForm(forms.ModelForm):
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=None)

    class Meta:
        model = CollaborationPost
        fields = ["cluster", "direction", *CollaborationPost.EDITABLE_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = access.editable_clusters(user).order_by("acronym")
        self.fields["cluster"].queryset = editable
        self.fields["member"].queryset = Member.objects.filter(cluster__in=editable).order_by(
            "name"
        )
        if self.instance.pk:
            del self.fields["cluster"]
            del self.fields["direction"]
        elif editable.count() == 1:
            self.fields["cluster"].initial = editable.first()

    def clean(self):
        data = super().clean()
        cluster = data.get("cluster") or (self.instance.cluster if self.instance.pk else None)
        member = data.get("member")
        if member and cluster and member.cluster_id != cluster.pk:
            self.add_error("member", _("Choose a member of this cluster."))
        return data

    def service_fields(self) -> dict:
        return {n: self.cleaned_data[n] for n in CollaborationPost.EDITABLE_FIELDS}


class InterestForm(forms.Form):
    interested_cluster = forms.ModelChoiceField(label=_("On behalf of"), queryset=None)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would like to do together."),
    )

    def __init__(self, *args, user, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interested_cluster"].queryset = (
            access.editable_clusters(user).exclude(pk=post.cluster_id).order_by("acronym")
        )


class CollaborationForm(forms.ModelForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s.value, s.label)
            for s in (
                CollaborationStatus.ACTIVE,
                CollaborationStatus.COMPLETED,
                CollaborationStatus.STOPPED,
            )
        ],
    )

    class Meta:
        model = Collaboration
        fields = ["status", "outcome"]
        widgets = {"outcome": forms.Textarea(attrs={"rows": 3})}


class StoryForm(forms.ModelForm):
    cluster = forms.ModelChoiceField(label=_("Lead cluster"), queryset=None)

    class Meta:
        model = SuccessStory
        fields = ["cluster", *STORY_FIELDS, "other_clusters", "members"]
        widgets = {
            "other_clusters": forms.CheckboxSelectMultiple,
            "challenge": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "quote": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        editable = access.editable_clusters(user).order_by("acronym")
        self.fields["cluster"].queryset = editable
        project_clusters = access.visible_clusters(user).model.objects.filter(
            project__in=editable.values("project")
        )
        self.fields["other_clusters"].queryset = project_clusters.order_by("acronym")
        self.fields["members"].queryset = (
            Member.objects.filter(cluster__in=editable).select_related("cluster").order_by("name")
        )
        self.fields["members"].widget.attrs["size"] = 8
        if self.instance.pk:
            del self.fields["cluster"]
        elif editable.count() == 1:
            self.fields["cluster"].initial = editable.first()

    def service_fields(self) -> dict:
        return {n: self.cleaned_data[n] for n in STORY_FIELDS}
