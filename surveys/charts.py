"""Server-rendered SVG bar charts of the survey results (the same markup in the page and
the PDF: colours are attributes, since WeasyPrint ignores stylesheets inside SVG). The
numbers are always in a table beside the chart."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR = "#1f4fb5"
TRACK = "#e6edfa"
TEXT = "#1c1f24"


def bars(items: list[tuple[str, int, int]], *, title: str, width: int = 360) -> SafeString:
    """Horizontal bars: (label, count, percent) each; the percent sets the length."""
    row, label_w, pad = 22, 150, 4
    plot_w = width - label_w - 48
    height = row * len(items) + pad * 2
    parts = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>'
        '<rect x="{}" y="{}" width="{}" height="14" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
        (
            (
                label_w - 6,
                pad + i * row + 11,
                TEXT,
                label[:24],
                label_w,
                pad + i * row,
                plot_w,
                TRACK,
                label_w,
                pad + i * row,
                round(plot_w * percent / 100, 1),
                BAR,
                label_w + plot_w + 4,
                pad + i * row + 11,
                TEXT,
                count,
            )
            for i, (label, count, percent) in enumerate(items)
        ),
    )
    return format_html(
        '<svg class="chart survey-chart" role="img" viewBox="0 0 {} {}" width="{}" height="{}" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        width,
        height,
        width,
        height,
        title,
        title,
        parts,
    )


def rating_bars(rating, *, title: str) -> SafeString:
    """The distribution 1-5 of a ``surveys.results.Rating``."""
    return bars([(str(value), n, percent) for value, n, percent in rating.bars], title=title)
