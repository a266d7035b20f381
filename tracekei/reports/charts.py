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


def eu_flag() -> str:
    """The European flag (12 gold stars in a circle on blue), drawn here: no image file."""
    import math

    def star(cx: float, cy: float, r: float) -> str:
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.382
            angle = math.pi / 2 + i * math.pi / 5
            points.append(
                f"{cx + radius * math.cos(angle):.2f},{cy - radius * math.sin(angle):.2f}"
            )
        return f'<polygon fill="#ffcc00" points="{" ".join(points)}"/>'

    stars = "".join(
        star(15 + 6.6 * math.cos(k * math.pi / 6), 10 + 6.6 * math.sin(k * math.pi / 6), 1.1)
        for k in range(12)
    )
    return mark_safe(  # noqa: S308 - numbers only
        '<svg class="eu-flag" viewBox="0 0 30 20" width="30" height="20" role="img" '
        f'aria-label="EU"><rect width="30" height="20" fill="#003399"/>{stars}</svg>'
    )
