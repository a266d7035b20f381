"""The surveys app's PDF report: the SME satisfaction survey's results, for one cluster
(``sme-satisfaction``) or the consortium (``sme-satisfaction-consortium``: the catalogue
has one scope per report type), and its section of the final report."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tracekei.reports.pdf import FINAL_REPORT

from . import results, standard

CLUSTER_REPORT = "sme-satisfaction"
CONSORTIUM_REPORT = "sme-satisfaction-consortium"
COMMENTS_EXCERPT = 12

SECTIONS = [
    ("survey-response-rates", _("Response rates"), "surveys/results/pdf_rates.html", 10),
    ("survey-satisfaction", _("Satisfaction index"), "surveys/results/pdf_satisfaction.html", 20),
    ("survey-usefulness", _("Usefulness of each service"), "surveys/results/pdf_services.html", 30),
    (
        "survey-tailor-made",
        _("Tailor-made services and readiness to pay"),
        "surveys/results/pdf_tailor_made.html",
        40,
    ),
    ("survey-comments", _("Comments"), "surveys/results/pdf_comments.html", 50),
]


def register(catalogue) -> None:
    catalogue.report(CLUSTER_REPORT, title=_("SME satisfaction survey report"), per_cluster=True)
    catalogue.report(
        CONSORTIUM_REPORT, title=_("SME satisfaction survey report (consortium)"), per_cluster=False
    )
    for report in (CLUSTER_REPORT, CONSORTIUM_REPORT):
        for code, title, template, position in SECTIONS:
            catalogue.section(
                report,
                code=code,
                title=title,
                template=template,
                gather=_gatherer(code),
                position=position,
            )
    catalogue.section(
        FINAL_REPORT,
        code="sme-satisfaction",
        title=_("SME satisfaction survey"),
        template="surveys/results/pdf_final.html",
        gather=final_report_section,
        position=35,
    )


def survey_results(context) -> results.Results:
    """The standard questionnaire's results in the project period, computed once per report."""
    if "survey_results" not in context:
        from .views.results import with_charts

        project = context["project"]
        context["survey_results"] = with_charts(
            results.overview_results(
                context["user"],
                key=standard.KEY,
                start=project.start_date,
                end=project.end_date,
                cluster=context.get("cluster"),
            )
        )
    return context["survey_results"]


def _gatherer(code):
    def gather(context) -> dict | None:
        outcome = survey_results(context)
        if not outcome.campaigns:
            return None if code != "survey-response-rates" else {"results": outcome, "empty": True}
        return {
            "results": outcome,
            "min_group": results.MIN_GROUP,
            "comments": outcome.comments[:COMMENTS_EXCERPT],
        }

    return gather


def final_report_section(context) -> dict | None:
    outcome = survey_results(context)
    if not outcome.campaigns:
        return None
    return {"results": outcome, "min_group": results.MIN_GROUP}
