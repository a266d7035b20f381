"""The report catalogue: the report types, and the sections each app contributes.

An app contributes through ``<app>/pdf.py`` (not ``reports.py``: the KPI engine's
``reports.py`` is its manual-report workflow), which defines ``register(catalogue)``
and calls ``catalogue.report(...)`` / ``catalogue.section(...)``. A section is a
function ``gather(context) -> dict | None`` (None: nothing to show) and a template;
sections appear in the order of their ``position``.

``context`` carries what every section needs: the request's ``project``, its
``cluster`` (cluster reports; None in a consortium report: gather the project's visible
clusters), the requesting ``user`` (every read is scoped to them), the KPI ``view``
(tracekei.kpi.selectors.View), the ``period`` (``Period``: the request's dates, the
project's by default; filter dated rows with ``period.q("field")``) and the request's
``options`` (a dict: e.g. ``version``, ``activity``, ``participation``).

The final project report (``final-report``) is one document with one table of
contents: the KPI progress first, then a part per app. An app adds its part with
``catalogue.section("final-report", code=..., title=..., template=..., gather=...,
position=..., part=_("Its part's title"))`` in its own ``pdf.py``; sections of the same
``part`` are shown under one part heading. Positions in use: 10-20 indicators, 100-199
services, 200-299 trainings, 300-399 strategy, 400-499 dissemination; a new app takes
the next free hundred (surveys: 500-599). Sections of the final report gather for the
whole consortium (``context["cluster"]`` is None).

A report type may name its own layout (``document``: the certificates are not a
cover-and-contents document), a ``permits(user, project, cluster, options)`` hook that
replaces the default rule (coordinator: all; a cluster's manager: cluster reports), and
``listed=False`` to keep it out of the request form (reports asked for from their own
page: strategy documents, certificates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.db.models import Q

from tracekei import plugins


@dataclass(frozen=True)
class Period:
    """The dates a report covers (inclusive)."""

    start: dt.date
    end: dt.date

    def q(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__range": (self.start, self.end)})

    def overlaps(self, start_field: str, end_field: str) -> Q:
        return Q(**{f"{start_field}__lte": self.end, f"{end_field}__gte": self.start})


@dataclass(frozen=True)
class Section:
    code: str
    title: object  # a lazy translation
    template: str
    gather: Callable[[dict], dict | None]
    position: int = 100
    part: object = None  # the part heading it is shown under (the final report)


@dataclass
class ReportType:
    code: str
    title: object
    per_cluster: bool  # a cluster report: its cluster's manager may ask for it
    sections: list[Section] = field(default_factory=list)
    document: str = "reports/pdf/document.html"
    permits: Callable | None = None  # (user, project, cluster, options) -> bool
    listed: bool = True  # offered in the request form
    cluster_optional: bool = False  # a cluster report that may also cover the consortium
    options: tuple[str, ...] = ()  # the options it reads (checked when asked for)


#: The final project report: the KPI progress, then a part per app (see above).
FINAL_REPORT = "final-report"


class Catalogue:
    def __init__(self) -> None:
        self.types: dict[str, ReportType] = {}

    def report(self, code: str, *, title, per_cluster: bool, **extra) -> None:
        if code in self.types:
            raise ValueError(f"Report type {code!r} is registered twice")
        self.types[code] = ReportType(code=code, title=title, per_cluster=per_cluster, **extra)

    def section(
        self, report: str, *, code: str, title, template: str, gather, position=100, part=None
    ):
        sections = self.types[report].sections
        if any(s.code == code for s in sections):
            raise ValueError(f"Section {code!r} of {report!r} is registered twice")
        sections.append(Section(code, title, template, gather, position, part))
        sections.sort(key=lambda s: (s.position, s.code))

    def app_report(self, report: str, *, app: str, sections, final_position: int, part) -> None:
        """An app's report whose sections are also its part of the final report.

        ``sections``: ``(code, title, gather)`` in order; each section's template is
        ``<app>/pdf/<code>.html``. In the final report the codes take the app's prefix and
        the positions start at ``final_position`` (the app's hundred)."""
        for index, (code, title, gather) in enumerate(sections):
            template = f"{app}/pdf/{code}.html"
            self.section(
                report,
                code=code,
                title=title,
                template=template,
                gather=gather,
                position=10 * (index + 1),
            )
            self.section(
                FINAL_REPORT,
                code=f"{app}-{code}",
                title=title,
                template=template,
                gather=gather,
                position=final_position + 10 * index,
                part=part,
            )


@cache
def report_types() -> dict[str, ReportType]:
    """Every report type with its sections (the ``pdf`` module of every app)."""
    catalogue = Catalogue()
    modules = plugins.app_modules("pdf")
    # Report types first (the reports layer's own module), then the apps' sections.
    modules.sort(key=lambda module: module.__name__ != "tracekei.reports.pdf")
    for module in modules:
        module.register(catalogue)
    return catalogue.types
