"""Input shapes of the questionnaire editor. A translated text is edited as one input
per language (``<name>__<code>``); English is required for the required texts."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import FALLBACK_LANGUAGE, Purpose, Question, QuestionKind, localized


class TranslatedForm(forms.Form):
    """``texts``: (name, label, required, multiline) of the translated texts."""

    texts: tuple = ()

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.text_groups = []
        for name, label, required, multiline in self.texts:
            names = []
            for code, language in settings.LANGUAGES:
                field_name = f"{name}__{code}"
                self.fields[field_name] = forms.CharField(
                    label=f"{label} · {language}",
                    required=required and code == FALLBACK_LANGUAGE,
                    max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 2}) if multiline else forms.TextInput,
                )
                if instance is not None:
                    self.initial[field_name] = (getattr(instance, name) or {}).get(code, "")
                names.append(field_name)
            self.text_groups.append({"name": name, "label": label, "fields": names})

    def text_values(self) -> dict:
        data = {}
        for name, *_rest in self.texts:
            value = {}
            for code, _language in settings.LANGUAGES:
                text = (self.cleaned_data.get(f"{name}__{code}") or "").strip()
                if text:
                    value[code] = text
            data[name] = value
        return data

    def groups(self):
        for group in self.text_groups:
            yield {"label": group["label"], "fields": [self[name] for name in group["fields"]]}

    def add_service_error(self, error) -> None:
        """A service's ValidationError, each message next to its field (a text's on English)."""
        if hasattr(error, "error_dict"):
            for name, messages in error.message_dict.items():
                if name in self.fields:
                    target = name
                elif f"{name}__{FALLBACK_LANGUAGE}" in self.fields:
                    target = f"{name}__{FALLBACK_LANGUAGE}"
                else:
                    target = None
                for message in messages:
                    self.add_error(target, message)
        else:
            self.add_error(None, error)


class QuestionnaireForm(TranslatedForm):
    texts = (
        ("title", _("Title"), True, False),
        ("introduction", _("Introduction"), False, True),
    )

    key = forms.SlugField(
        label=_("Key"), max_length=80, help_text=_("A short name in lower case, e.g. sme-2026.")
    )
    owner = forms.ChoiceField(label=_("Whose questionnaire"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=Purpose.choices)
    all_services = forms.BooleanField(
        label=_("Per-service questions list all the cluster's services"), required=False
    )

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance is not None:
            del self.fields["key"], self.fields["owner"]
            self.initial.update(purpose=instance.purpose, all_services=instance.all_services)
        else:
            self.fields["owner"].choices = owners or []


class SectionForm(TranslatedForm):
    texts = (
        ("title", _("Title"), True, False),
        ("introduction", _("Introduction"), False, True),
    )


class QuestionForm(TranslatedForm):
    texts = (
        ("text", _("Question"), True, True),
        ("help_text", _("Help text"), False, False),
        ("low_label", _("Label of 1 (ratings)"), False, False),
        ("high_label", _("Label of 5 (ratings)"), False, False),
    )

    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Names the question in exports, e.g. q-overall."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    min_value = forms.DecimalField(
        label=_("Smallest accepted number"), required=False, max_digits=14, decimal_places=2
    )
    max_value = forms.DecimalField(
        label=_("Largest accepted number"), required=False, max_digits=14, decimal_places=2
    )
    show_if = forms.ModelChoiceField(
        label=_("Show only if the answer to"),
        queryset=Question.objects.none(),
        required=False,
        help_text=_("A yes/no or choice question asked before this one."),
    )
    show_if_value = forms.CharField(
        label=_("is"),
        max_length=60,
        required=False,
        help_text=_("“yes” or “no”, or the code of a choice."),
    )

    def __init__(self, *args, questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = Question.objects.filter(
            questionnaire=questionnaire, kind__in=["yes_no", "single", "multiple"]
        ).order_by("section__position", "position", "pk")
        if self.instance is not None:
            candidates = candidates.exclude(pk=self.instance.pk)
            for name in ("code", "kind", "required", "min_value", "max_value", "show_if_value"):
                self.initial[name] = getattr(self.instance, name)
            self.initial["show_if"] = self.instance.show_if_id
        self.fields["show_if"].queryset = candidates
        self.fields["show_if"].label_from_instance = lambda q: f"{q.code}: {localized(q.text)}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_if") and not cleaned.get("show_if_value"):
            self.add_error("show_if_value", _("Say which answer shows this question."))
        return cleaned


class ChoiceForm(TranslatedForm):
    texts = (("label", _("Label"), True, False),)

    code = forms.SlugField(label=_("Code"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.initial["code"] = self.instance.code
