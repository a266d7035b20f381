"""The KPI engine's SVG charts, made ready for print: WeasyPrint does not apply the
document's stylesheet inside inline SVG, so each chart carries its own styles."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from tracekei.kpi.charts import sparkline

SVG_STYLE = (
    "<style>"
    ".spark-line{fill:none;stroke:#1f4e79;stroke-width:1.6}"
    ".spark-target{stroke:#8a8a8a;stroke-width:1;stroke-dasharray:3 2}"
    ".spark-projection{stroke:#1f4e79;stroke-width:1;stroke-dasharray:1 2}"
    ".spark-dot{fill:#1f4e79}"
    "</style>"
)


def print_sparkline(row, *, title: str) -> str:
    """The sparkline of a KPI row (tracekei.kpi.selectors.Row), styled for the PDF."""
    projection = None
    if row.projection is not None and not row.ended:
        projection = (row.indicator.project.end_date, row.projection)
    svg = sparkline(row.history, title=title, target=row.indicator.target, projection=projection)
    if not svg:
        return ""
    head, _, rest = str(svg).partition(">")
    return mark_safe(f"{head}>{SVG_STYLE}{rest}")  # noqa: S308 - built by format_html
