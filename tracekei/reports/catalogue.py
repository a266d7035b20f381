"""The report catalogue: the report types, and the sections each app contributes.

An app contributes through ``<app>/pdf.py`` (not ``reports.py``: the KPI engine's
``reports.py`` is its manual-report workflow), which defines ``register(catalogue)``
and calls ``catalogue.report(...)`` / ``catalogue.section(...)``. A section is a
function ``gather(context) -> dict | None`` (None: nothing to show) and a template;
sections appear in the order of their ``position``.

``context`` carries what every section needs: the request's ``project``, its
``cluster`` (cluster reports), the requesting ``user`` (every read is scoped to them)
and the KPI ``view`` (tracekei.kpi.selectors.View).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from tracekei import plugins


@dataclass(frozen=True)
class Section:
    code: str
    title: object  # a lazy translation
    template: str
    gather: Callable[[dict], dict | None]
    position: int = 100


@dataclass
class ReportType:
    code: str
    title: object
    per_cluster: bool  # a cluster report: its cluster's manager may ask for it
    sections: list[Section] = field(default_factory=list)


class Catalogue:
    def __init__(self) -> None:
        self.types: dict[str, ReportType] = {}

    def report(self, code: str, *, title, per_cluster: bool) -> None:
        if code in self.types:
            raise ValueError(f"Report type {code!r} is registered twice")
        self.types[code] = ReportType(code=code, title=title, per_cluster=per_cluster)

    def section(self, report: str, *, code: str, title, template: str, gather, position=100):
        sections = self.types[report].sections
        if any(s.code == code for s in sections):
            raise ValueError(f"Section {code!r} of {report!r} is registered twice")
        sections.append(Section(code, title, template, gather, position))
        sections.sort(key=lambda s: (s.position, s.code))


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
