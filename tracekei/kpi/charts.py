"""Server-rendered SVG charts (the same markup goes into the PDF reports): a title for
screen readers; the numbers themselves are in a table beside the chart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, PAD = 160, 40, 3


def sparkline(
    history: list[tuple[dt.date, Decimal]],
    *,
    title: str,
    target: Decimal | None = None,
    projection: tuple[dt.date, Decimal] | None = None,
) -> str:
    """A line of the history, the target as a dashed line and the projection dotted."""
    if not history:
        return ""
    points = list(history)
    if projection is not None and projection[0] > points[-1][0]:
        ends = [*points, projection]
    else:
        ends, projection = points, None
    # Evenly spaced points (a sparkline shows the shape, the table beside it the dates).
    index = {day: number for number, (day, _) in enumerate(ends)}
    span = max(len(ends) - 1, 1)
    values = [float(v) for _, v in ends] + ([float(target)] if target is not None else [])
    top = max(max(values), 1.0)

    def x(day: dt.date) -> float:
        return PAD + (WIDTH - 2 * PAD) * (index[day] / span if len(ends) > 1 else 1)

    def y(value) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * float(value) / top

    line = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points)
    parts = [format_html('<polyline class="spark-line" points="{}"/>', line)]
    if target is not None:
        parts.append(
            format_html(
                '<line class="spark-target" x1="{}" x2="{}" y1="{}" y2="{}"/>',
                PAD,
                WIDTH - PAD,
                f"{y(target):.1f}",
                f"{y(target):.1f}",
            )
        )
    if projection is not None:
        (d0, v0), (d1, v1) = points[-1], projection
        parts.append(
            format_html(
                '<line class="spark-projection" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                f"{x(d0):.1f}",
                f"{y(v0):.1f}",
                f"{x(d1):.1f}",
                f"{y(v1):.1f}",
            )
        )
    d, v = points[-1]
    parts.append(
        format_html(
            '<circle class="spark-dot" cx="{}" cy="{}" r="2.5"/>', f"{x(d):.1f}", f"{y(v):.1f}"
        )
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}"><title>{}</title>{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        title,
        title,
        format_html_join("", "{}", ((part,) for part in parts)),
    )
