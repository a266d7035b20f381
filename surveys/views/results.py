"""The results pages: one campaign's results and the consortium overview, and a
campaign's answers as CSV or XLSX. Every look-up starts from tracekei.access."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from tracekei import access
from tracekei.exports import writers

from .. import results, standard
from ..charts import bars, rating_bars
from ..models import Campaign, QuestionKind, localized


class OverviewForm(forms.Form):
    questionnaire = forms.ChoiceField(label=gettext_lazy("Questionnaire"), required=False)
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].choices = keys

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("The end must be on or after the start."))
        return data


def with_charts(outcome: results.Results) -> results.Results:
    """Attach the SVG charts the templates (page and PDF) show."""
    outcome.satisfaction_chart = (
        rating_bars(outcome.satisfaction[results.CONSORTIUM], title=_("Satisfaction ratings"))
        if not outcome.total.hidden and outcome.satisfaction[results.CONSORTIUM].n
        else ""
    )
    for summary in outcome.summaries_for():
        summary.chart = ""
        if summary.hidden:
            continue
        title = localized(summary.question.text)
        if summary.rating and summary.rating.n and summary.kind == QuestionKind.RATING:
            summary.chart = rating_bars(summary.rating, title=title)
        elif summary.choices and summary.answered:
            summary.chart = bars(
                [(localized(choice.label), n, percent) for choice, n, percent in summary.choices],
                title=title,
            )
    outcome.pay = outcome.summary(standard.PAY_BAND)
    outcome.areas = outcome.summary(standard.TAILOR_MADE_AREAS)
    outcome.wants = outcome.summary(standard.WANTS_TAILOR_MADE)
    outcome.wants_rows = [
        (group, None if group.hidden else outcome.summary(standard.WANTS_TAILOR_MADE, key))
        for group, key in [(g, g.cluster.pk) for g in outcome.groups]
        + [(outcome.total, results.CONSORTIUM)]
    ]
    return outcome


def campaign_results(request, pk: int):
    campaign = access.get_visible_or_404(
        Campaign.objects.select_related("cluster", "questionnaire"), request.user, pk=pk
    )
    outcome = with_charts(results.campaign_results(campaign))
    return render(
        request,
        "surveys/results/campaign.html",
        {"campaign": campaign, "results": outcome, "min_group": results.MIN_GROUP},
    )


def campaign_export(request, pk: int, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campaign = access.get_visible_or_404(
        Campaign.objects.select_related("cluster", "questionnaire"), request.user, pk=pk
    )
    header, rows = results.campaign_answer_rows(campaign, language=get_language() or "en")
    name = f"answers-{slugify(campaign.cluster.acronym)}-{campaign.pk}"
    if fmt == "xlsx":
        with writers.xlsx_file(header, rows, sheet_name="Answers") as workbook:
            response = HttpResponse(workbook.read(), content_type=writers.XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = StreamingHttpResponse(
        writers.csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def overview(request):
    keys = results.questionnaire_keys(request.user)
    data = request.GET.copy()
    if not data.get("questionnaire"):
        known = [key for key, _title in keys]
        data["questionnaire"] = standard.KEY if standard.KEY in known or not known else known[0]
    form = OverviewForm(data, keys=keys or [(standard.KEY, standard.TITLE["en"])])
    outcome = None
    if form.is_valid():
        outcome = with_charts(
            results.overview_results(
                request.user,
                key=form.cleaned_data["questionnaire"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
            )
        )
    return render(
        request,
        "surveys/results/overview.html",
        {
            "form": form,
            "results": outcome,
            "min_group": results.MIN_GROUP,
            "is_coordinator": access.is_coordinator(request.user),
        },
        status=200 if form.is_bound and form.is_valid() else 400,
    )
