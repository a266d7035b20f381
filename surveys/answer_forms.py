"""The form of one questionnaire page, built from its questions.

Field names: ``q-<code>`` (``q-<code>-<service pk>`` for each row of a per-service
matrix). A value's shape per kind: rating, number and each matrix row a ``Decimal``;
yes/no a ``bool``; single choice a choice code; multiple choice a list of codes; text
a ``str``; a matrix a ``{service pk: Decimal}`` dict.

Show-if: a question whose rule's question is on an earlier page is shown or left out
before the form is built (``answering.condition_met`` on the stored answers); a rule on
the same page keeps the question in the form, labelled "answer only if ...", and its
answer (and any error in it) is ignored when the rule is not met. A question left out
or ignored is never required."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import no_control_characters

from .answering import condition_met, is_empty
from .models import LONG_TEXT_MAX, SHORT_TEXT_MAX, Question, QuestionKind, localized

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]
REQUIRED_MESSAGE = _("Please answer this question.")


def field_name(question: Question, service=None) -> str:
    return f"q-{question.code}" + (f"-{service.pk}" if service is not None else "")


class SectionForm(forms.Form):
    """One page. ``questions``: those shown on it (earlier-page rules already applied);
    ``values``: every stored answer (initial values, and same-page rules' fallbacks);
    ``require``: enforce required answers (Next, Submit) or not (Save and continue later)."""

    def __init__(self, *args, questions, values, services, language, require=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.require = require
        self.services = services
        self.values = values
        self.blocks = []
        # The page's questions carry their prefetched choices (rules read them, no query).
        self.by_code = {question.code: question for question in questions}
        page_codes = set(self.by_code)
        for question in questions:
            conditional = question.show_if is not None and question.show_if.code in page_codes
            block = {
                "question": question,
                "kind": question.kind,
                "text": localized(question.text, language),
                "help": localized(question.help_text, language),
                "low": localized(question.low_label, language),
                "high": localized(question.high_label, language),
                "conditional": conditional,
                "condition": self._condition_text(question) if conditional else "",
                "names": [],
                "rows": [],
            }
            initial = values.get(question.code)
            if question.kind == QuestionKind.SERVICE_MATRIX:
                for service in services:
                    name = field_name(question, service)
                    self.fields[name] = self._rating_field()
                    value = (initial or {}).get(service.pk)
                    if not is_empty(value):
                        self.initial[name] = str(int(value))
                    block["names"].append(name)
                    block["rows"].append({"service": service, "name": name})
            else:
                name = field_name(question)
                self.fields[name] = self._field(question)
                if not is_empty(initial):
                    self.initial[name] = self._initial(question, initial)
                block["names"].append(name)
            self.blocks.append(block)

    # --- building ---------------------------------------------------------------------

    def _rating_field(self):
        return forms.TypedChoiceField(
            choices=RATING_CHOICES,
            coerce=Decimal,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )

    def _field(self, question: Question) -> forms.Field:
        kind = question.kind
        if kind == QuestionKind.RATING:
            return self._rating_field()
        if kind == QuestionKind.YES_NO:
            return forms.TypedChoiceField(
                choices=YES_NO_CHOICES,
                coerce=lambda value: value == "yes",
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            choices = [
                (choice.code, localized(choice.label, self.language))
                for choice in question.choice_list
            ]
            if kind == QuestionKind.SINGLE:
                return forms.ChoiceField(choices=choices, required=False, widget=forms.RadioSelect)
            return forms.MultipleChoiceField(
                choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        if kind == QuestionKind.NUMBER:
            return forms.DecimalField(
                required=False,
                min_value=question.min_value,
                max_value=question.max_value,
                max_digits=14,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            )
        if kind == QuestionKind.SHORT_TEXT:
            return forms.CharField(
                required=False, max_length=SHORT_TEXT_MAX, validators=[no_control_characters]
            )
        return forms.CharField(
            required=False,
            max_length=LONG_TEXT_MAX,
            validators=[no_control_characters],
            widget=forms.Textarea(attrs={"rows": 5}),
        )

    def _initial(self, question: Question, value):
        if question.kind == QuestionKind.RATING:
            return str(int(value))
        if question.kind == QuestionKind.YES_NO:
            return "yes" if value else "no"
        if question.kind == QuestionKind.NUMBER:
            return value.normalize() if isinstance(value, Decimal) else value
        return value

    def _condition_text(self, question: Question) -> str:
        target = self.by_code.get(question.show_if.code, question.show_if)
        expected = question.show_if_value
        if target.kind == QuestionKind.YES_NO:
            expected = str(dict(YES_NO_CHOICES).get(expected, expected))
        else:
            for choice in getattr(target, "choice_list", []):
                if choice.code == expected:
                    expected = localized(choice.label, self.language)
        return _("Answer only if you answered “%(answer)s” to “%(question)s”.") % {
            "answer": expected,
            "question": localized(target.text, self.language),
        }

    # --- reading ----------------------------------------------------------------------

    def _value(self, block) -> object:
        question = block["question"]
        if question.kind == QuestionKind.SERVICE_MATRIX:
            return {
                row["service"].pk: self.cleaned_data.get(row["name"])
                for row in block["rows"]
                if not is_empty(self.cleaned_data.get(row["name"]))
            }
        return self.cleaned_data.get(block["names"][0])

    def clean(self):
        cleaned = super().clean()
        page_values = dict(self.values)
        for block in self.blocks:
            block["ignored"] = False
            question = block["question"]
            # A same-page rule: its question comes earlier on the page, its value is read.
            if block["conditional"] and not condition_met(question, page_values):
                block["ignored"] = True
                for name in block["names"]:
                    self._errors.pop(name, None)
                    cleaned.pop(name, None)
                page_values.pop(question.code, None)
                continue
            if any(name in self._errors for name in block["names"]):
                page_values.pop(question.code, None)
                continue
            value = self._value(block)
            page_values[question.code] = value
            if not (self.require and question.required):
                continue
            if question.kind == QuestionKind.SERVICE_MATRIX:
                for row in block["rows"]:
                    if is_empty(cleaned.get(row["name"])):
                        self.add_error(row["name"], REQUIRED_MESSAGE)
            elif is_empty(value):
                self.add_error(block["names"][0], REQUIRED_MESSAGE)
        return cleaned

    def page_values(self) -> dict:
        """code -> value of the page's answered, shown questions (after ``is_valid``)."""
        return {
            block["question"].code: self._value(block)
            for block in self.blocks
            if not block.get("ignored") and not is_empty(self._value(block))
        }

    def bound_blocks(self):
        """The blocks with their bound fields and, for radios and checkboxes, their
        options as (value, label, id, checked): the template writes the inputs itself,
        several times faster than rendering each option through a widget template."""
        for block in self.blocks:
            fields = [self[name] for name in block["names"]]
            block["field"] = fields[0] if fields else None
            if block["field"] is not None and block["kind"] != QuestionKind.SERVICE_MATRIX:
                block["options"] = _options(block["field"])
            for row in block["rows"]:
                row["field"] = self[row["name"]]
                row["options"] = _options(row["field"])
            block["errors"] = [error for field in fields for error in field.errors]
            yield block


def _options(bound) -> list[tuple]:
    if not isinstance(bound.field, forms.ChoiceField):
        return []
    value = bound.value()
    chosen = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value)}
    return [
        (code, label, f"{bound.auto_id}_{index}", str(code) in chosen)
        for index, (code, label) in enumerate(bound.field.choices)
    ]
