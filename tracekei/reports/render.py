"""HTML for a report request, and its PDF (WeasyPrint). Reads only."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from tracekei.kpi import selectors as kpi_selectors
from tracekei.kpi.models import Snapshot

from .catalogue import Period, report_types
from .charts import eu_flag

# WeasyPrint logs every layout step at INFO: a worker's log needs its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    data_as_of: object  # datetime of the latest KPI snapshot, or None


def css_string(text: str) -> str:
    """A quoted CSS string (for the page's margin boxes) of any text."""
    escaped = "".join(ch if ch.isalnum() or ch in " .,·-_()" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


def report_html(report_request) -> tuple[str, object]:
    """The report's HTML and the time of the KPI figures it shows."""
    report = report_types()[report_request.report_type]
    user = report_request.requested_by
    cluster = report_request.cluster
    # The requester's own view of the indicators: a coordinator's consortium view, or
    # the cluster's contribution; anything they may no longer see is a 404 (a failure).
    view = kpi_selectors.kpi_view(
        user=user,
        project_id=report_request.project_id,
        cluster_slug=cluster.slug if cluster else None,
    )
    data_as_of = Snapshot.objects.filter(indicator__project=view.project).aggregate(
        latest=Max("computed_at")
    )["latest"]
    project = view.project
    period = Period(
        report_request.period_start or project.start_date,
        report_request.period_end or project.end_date,
    )
    context = {
        "project": project,
        "cluster": cluster,
        "user": user,
        "view": view,
        "period": period,
        "options": report_request.options or {},
    }
    sections = []
    part = None
    for section in report.sections:
        data = section.gather(context)
        if data is not None:
            # A part heading opens where the part changes (the final report's apps).
            opens = section.part is not None and section.part != part
            part = section.part
            sections.append(
                {"section": section, "anchor": f"s-{section.code}", "opens_part": opens, **data}
            )
    now = timezone.localtime()
    html = render_to_string(
        report.document,
        {
            "report": report,
            "request": report_request,
            "project": view.project,
            "cluster": cluster,
            "sections": sections,
            "period": period,
            "context": context,
            "data_as_of": data_as_of,
            "generated_at": now,
            "eu_flag": eu_flag(),
            # The cover's date format (document.html: "j F Y").
            "footer_left": css_string(f"{project.acronym} · {date_format(now, 'j F Y')}"),
        },
    )
    return html, data_as_of


def render_pdf(report_request) -> Rendered:
    import weasyprint

    with translation.override(report_request.language):
        html, data_as_of = report_html(report_request)
    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
    return Rendered(pdf=document.write_pdf(), pages=len(document.pages), data_as_of=data_as_of)
