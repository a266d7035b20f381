"""How automatic indicators are computed: one calculator per indicator code, declared by
the app that owns the records, in its ``kpis.py`` (found through tracekei.plugins)::

    from tracekei.kpi.registry import Evidence, Figures, Period, indicator

    @indicator("new_bronze_labels", name=_("New bronze labels"), unit=_("labels"))
    def new_bronze_labels(period: Period) -> Figures: ...

    @new_bronze_labels.evidence
    def new_bronze_labels_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
        ...

Rules every calculator keeps (the dashboard, the API, the drill-down and its CSV must
agree):
- ``compute`` returns the consortium total and each cluster's contribution. For a
  *distinct* indicator (SMEs benefitting, countries reached) the total counts an item
  once even when it appears under several clusters, so the contributions may add up to
  more than the total.
- ``evidence`` lists the records behind the figure. For a count indicator it returns
  exactly one row per item counted: ``len(rows) == total`` (or the cluster's
  contribution when ``cluster_id`` is given).
- Both read only the period's project and dates; neither writes anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.functional import Promise

from tracekei import plugins

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from clusters.models import Cluster, Project


@dataclass(frozen=True)
class Period:
    """The window an indicator is computed over: the project's clusters and dates
    (both ends inclusive)."""

    project: Project
    start: dt.date
    end: dt.date

    @classmethod
    def of_project(cls, project: Project) -> Period:
        return cls(project=project, start=project.start_date, end=project.end_date)

    @classmethod
    def until(cls, project: Project, day: dt.date) -> Period:
        """The project up to ``day``: what has happened by then (a snapshot taken on
        ``day`` counts nothing dated later, such as a meeting typed in ahead)."""
        return cls(project=project, start=project.start_date, end=min(project.end_date, day))

    @property
    def clusters(self) -> QuerySet[Cluster]:
        from clusters.models import Cluster

        return Cluster.objects.filter(project=self.project)


@dataclass(frozen=True)
class Figures:
    total: Decimal
    by_cluster: dict[int, Decimal] = field(default_factory=dict)  # cluster pk -> value


@dataclass(frozen=True)
class Evidence:
    columns: Sequence[str | Promise]
    rows: Iterable[Sequence]


@dataclass
class Calculator:
    code: str
    name: str | Promise
    unit: str | Promise
    description: str | Promise
    distinct: bool
    compute: Callable[[Period], Figures]
    evidence_fn: Callable[..., Evidence] | None = None

    def __call__(self, period: Period) -> Figures:
        return self.compute(period)

    def evidence(self, fn: Callable[..., Evidence]) -> Callable[..., Evidence]:
        """Decorator: the drill-down behind this indicator."""
        self.evidence_fn = fn
        return fn


_registry: dict[str, Calculator] = {}


def indicator(code: str, *, name, unit="", description="", distinct=False):
    """Register the decorated function as the calculator of indicator ``code``."""

    def register(fn: Callable[[Period], Figures]) -> Calculator:
        if code in _registry and _registry[code].compute is not fn:
            raise ValueError(f"Indicator {code!r} is registered twice.")
        calculator = Calculator(code, name, unit, description, distinct, fn)
        _registry[code] = calculator
        return calculator

    return register


def calculators() -> dict[str, Calculator]:
    """Every registered calculator, by code (importing each app's kpis.py once)."""
    plugins.app_modules("kpis")
    return dict(_registry)
