"""Server-rendered SVG charts of an indicator: actual values over time against the target.
The page shows the same numbers in a table beside the chart."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 480, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 28, 36


def indicator_chart(indicator, values) -> SafeString:
    """A line of actual values by date, a dashed line at the target and one at the baseline."""
    title = _("%(name)s: actual against target") % {"name": indicator.name}
    numbers = [v.value for v in values]
    for extra in (indicator.target, indicator.baseline):
        if extra is not None:
            numbers.append(extra)
    if not values:
        return format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" aria-label="{}"><title>{}</title>'
            '<text x="{}" y="{}" class="chart-empty">{}</text></svg>',
            WIDTH,
            80,
            title,
            title,
            WIDTH // 2,
            44,
            _("No actual values yet."),
        )
    high = max([*numbers, Decimal(0)])
    low = min([*numbers, Decimal(0)])
    span = (high - low) or Decimal(1)
    dates = [v.measured_on for v in values]
    first, last = min(dates), max(dates)
    days = (last - first).days or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return LEFT + (plot_w * (day - first).days / days if len(values) > 1 else plot_w / 2)

    def y(value):
        return TOP + plot_h - float((value - low) / span) * plot_h

    points = " ".join(f"{x(v.measured_on):.1f},{y(v.value):.1f}" for v in values)
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" class="chart-actual-dot"><title>{}: {}</title></circle>',
        ((f"{x(v.measured_on):.1f}", f"{y(v.value):.1f}", v.measured_on, v.value) for v in values),
    )
    lines = []
    if indicator.target is not None:
        lines.append(
            (
                "chart-target",
                y(indicator.target),
                _("target %(value)s") % {"value": indicator.target},
            )
        )
    if indicator.baseline is not None:
        lines.append(
            (
                "chart-baseline",
                y(indicator.baseline),
                _("baseline %(value)s") % {"value": indicator.baseline},
            )
        )
    reference = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="{}"/>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>',
        (
            (
                LEFT,
                WIDTH - RIGHT,
                f"{pos:.1f}",
                f"{pos:.1f}",
                css,
                WIDTH - RIGHT,
                f"{pos - 4:.1f}",
                label,
            )
            for css, pos, label in lines
        ),
    )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" aria-label="{title}">'
        "<title>{title}</title>"
        '<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" class="chart-axis"/>'
        '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" class="chart-axis"/>'
        '<text x="{lx}" y="{ty}" class="chart-label" text-anchor="end">{high}</text>'
        '<text x="{lx}" y="{b}" class="chart-label" text-anchor="end">{low}</text>'
        '<text x="{l}" y="{dy}" class="chart-label">{first}</text>'
        '<text x="{r}" y="{dy}" class="chart-label" text-anchor="end">{last}</text>'
        '<text x="{l}" y="16" class="chart-label">{unit}</text>'
        "{reference}"
        '<polyline points="{points}" class="chart-actual"/>{dots}</svg>',
        w=WIDTH,
        h=HEIGHT,
        title=title,
        l=LEFT,
        r=WIDTH - RIGHT,
        t=TOP,
        b=TOP + plot_h,
        lx=LEFT - 6,
        ty=TOP + 4,
        dy=HEIGHT - 12,
        high=high,
        low=low,
        first=first.isoformat(),
        last=last.isoformat(),
        unit=indicator.unit or "",
        reference=reference,
        points=points,
        dots=dots,
    )
