"""Reads of the KPI engine. Pages read snapshots only (never a calculator): a fixed
number of queries whatever the number of clusters, records or days of history.

Who sees what (tracekei.access): a user who sees every cluster of the project (the
coordinator, a consortium-wide viewer) gets the consortium view: totals, status and
each cluster's contribution. Anyone else gets the cluster view: the contribution of
one of their clusters (``?cluster=``), never the other clusters' figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Project
from tracekei import access

from .models import Indicator, RollupRun, Snapshot
from .registry import calculators

#: Snapshots shown in a sparkline and used for the trend.
HISTORY_POINTS = 24
#: "At risk" when the projection reaches this share of the target, "behind" below it.
AT_RISK_SHARE = Decimal("0.8")

STATUS_LABELS = {
    "achieved": _("Achieved"),
    "on_track": _("On track"),
    "at_risk": _("At risk"),
    "behind": _("Behind"),
    "no_target": _("No numeric target"),
    "not_measured": _("Not yet measured"),
}
STATUS_CLASSES = {"achieved": "ok", "on_track": "ok", "at_risk": "warn", "behind": "bad"}


@dataclass
class View:
    """What the user may see of a project's indicators."""

    project: Project
    consortium: bool  # every cluster of the project is visible
    clusters: list[Cluster]  # the visible clusters of the project
    cluster: Cluster | None = None  # the cluster view's cluster


@dataclass
class Row:
    indicator: Indicator
    snapshot: Snapshot | None
    history: list[tuple[dt.date, Decimal]] = field(default_factory=list)
    value: Decimal | None = None
    projection: Decimal | None = None
    status: str = "not_measured"
    registered: bool = False

    @property
    def ended(self) -> bool:
        """The latest snapshot is from the project's end or later: no more to project."""
        return self.snapshot is not None and (
            self.snapshot.taken_on >= self.indicator.project.end_date
        )

    @property
    def measured(self) -> bool:
        return self.value is not None

    @property
    def percent(self) -> Decimal | None:
        target = self.indicator.target
        if self.value is None or not target:
            return None
        return (self.value / target * 100).quantize(Decimal("1"))

    @property
    def bar_percent(self) -> int:
        return int(min(self.percent or 0, 100))

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES.get(self.status, "")


def kpi_view(*, user, project_id=None, cluster_slug=None) -> View:
    """The project the user looks at (theirs, or ``project_id`` among theirs) and the view
    they get. Anything not theirs is 404."""
    visible = access.visible_clusters(user).select_related("project").order_by("acronym")
    projects = Project.objects.filter(pk__in=visible.values("project")).order_by("start_date")
    if project_id:
        projects = projects.filter(pk=project_id)
    project = projects.first()
    if project is None:
        raise Http404
    clusters = list(visible.filter(project=project))
    everything = Cluster.objects.filter(project=project).count()
    view = View(project=project, consortium=len(clusters) == everything, clusters=clusters)
    if cluster_slug:
        view.cluster = next((c for c in clusters if c.slug == cluster_slug), None)
        if view.cluster is None:
            raise Http404
    elif not view.consortium:
        view.cluster = clusters[0]
    return view


def _trend(history: list[tuple[dt.date, Decimal]], end: dt.date) -> Decimal | None:
    """Least-squares line through the snapshots, read at the project's end; after the
    end (or with one point) the latest value is the projection."""
    if not history:
        return None
    last_day, last_value = history[-1]
    if len(history) < 2 or end <= last_day:
        return last_value
    origin = history[0][0]
    xs = [float((day - origin).days) for day, _ in history]
    ys = [float(value) for _, value in history]
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return last_value
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    at_end = mean_y + slope * ((end - origin).days - mean_x)
    return Decimal(str(round(max(at_end, 0.0), 2)))


def status_of(indicator: Indicator, value, projection, *, ended: bool) -> str:
    """achieved: the target is reached; on track: the trend reaches it by the project's
    end; at risk: the trend reaches 80 % of it; behind: otherwise (or the project ended
    short of it). Lower-is-better indicators mirror the rule."""
    if value is None:
        return "not_measured"
    target = indicator.target
    if target is None:
        return "no_target"
    lower = indicator.direction == Indicator.Direction.LOWER
    if (value <= target) if lower else (value >= target):
        return "achieved"
    if ended or projection is None:
        return "behind"
    if (projection <= target) if lower else (projection >= target):
        return "on_track"
    at_risk = target / AT_RISK_SHARE if lower else target * AT_RISK_SHARE
    if (projection <= at_risk) if lower else (projection >= at_risk):
        return "at_risk"
    return "behind"


def _value(snapshot: Snapshot, view: View) -> Decimal | None:
    if view.cluster is None:
        return snapshot.value
    return Decimal(snapshot.contributions.get(str(view.cluster.pk), "0"))


def indicator_rows(*, view: View, today: dt.date | None = None, codes=None) -> list[Row]:
    """Every indicator of the project with its latest snapshot and history: two queries."""
    indicators = Indicator.objects.filter(project=view.project)
    if view.cluster is not None and codes is None:
        # A cluster contributes to per-cluster indicators; the others are the consortium's.
        indicators = indicators.filter(scope=Indicator.Scope.CLUSTER)
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    indicators = list(indicators)
    for indicator in indicators:
        indicator.project = view.project  # the same row: no query per indicator
    snapshots = (
        Snapshot.objects.filter(indicator__in=[i.pk for i in indicators])
        .annotate(
            recent=Window(
                RowNumber(), partition_by=[F("indicator_id")], order_by=F("taken_on").desc()
            )
        )
        .filter(recent__lte=HISTORY_POINTS)
        .order_by("indicator_id", "taken_on")
    )
    by_indicator: dict[int, list[Snapshot]] = {}
    for snapshot in snapshots:
        by_indicator.setdefault(snapshot.indicator_id, []).append(snapshot)
    registered = calculators()
    rows = []
    for indicator in indicators:
        history = by_indicator.get(indicator.pk, [])
        row = Row(
            indicator=indicator,
            snapshot=history[-1] if history else None,
            registered=indicator.code in registered or indicator.kind == Indicator.Kind.MANUAL,
        )
        if row.snapshot is not None and (view.cluster is None or indicator.scope == "cluster"):
            row.history = [(s.taken_on, _value(s, view)) for s in history]
            row.value = row.history[-1][1]
            if view.cluster is None:
                row.projection = _trend(row.history, view.project.end_date)
                row.status = status_of(
                    indicator,
                    row.value,
                    row.projection,
                    ended=row.snapshot.taken_on >= view.project.end_date,
                )
            else:
                row.status = "no_target"  # the targets are the consortium's
        rows.append(row)
    return rows


def contribution_table(*, view: View, rows: list[Row], clusters=None) -> dict:
    """Each visible cluster's contribution to the measured per-cluster indicators
    (``clusters``: the page of them to show; all by default)."""
    columns = [r for r in rows if r.snapshot is not None and r.indicator.scope == "cluster"]
    if clusters is None:
        clusters = view.clusters if view.cluster is None else [view.cluster]
    table = []
    for cluster in clusters:
        cells = [
            (row.indicator, Decimal(row.snapshot.contributions.get(str(cluster.pk), "0")))
            for row in columns
        ]
        table.append((cluster, cells))
    return {"columns": columns, "rows": table}


def latest_run(project: Project) -> RollupRun | None:
    return RollupRun.objects.filter(project=project).first()


def indicator_get(*, view: View, code: str) -> Indicator:
    try:
        return Indicator.objects.get(project=view.project, code=code)
    except Indicator.DoesNotExist as error:
        raise Http404 from error


def history(*, view: View, indicator: Indicator) -> list[tuple[dt.date, Decimal, str]]:
    snapshots = Snapshot.objects.filter(indicator=indicator).order_by("taken_on")
    return [(s.taken_on, _value(s, view), s.computed_at) for s in snapshots]


def evidence(*, view: View, indicator: Indicator):
    """The calculator's rows behind the figure, scoped to the view's cluster (None when
    the indicator has no registered drill-down)."""
    from . import reports
    from .registry import Period

    # The records behind the figure shown: nothing dated after its snapshot's day.
    taken_on = (
        Snapshot.objects.filter(indicator=indicator)
        .order_by("-taken_on")
        .values_list("taken_on", flat=True)
        .first()
    )
    period = Period.until(view.project, taken_on or timezone.localdate())
    cluster_id = view.cluster.pk if view.cluster is not None else None
    if indicator.kind == Indicator.Kind.MANUAL:
        result = reports.manual_evidence(indicator, period, cluster_id)
        return result.columns, list(result.rows)
    calculator = calculators().get(indicator.code)
    if calculator is None or calculator.evidence_fn is None:
        return None
    result = calculator.evidence_fn(period, cluster_id)
    return result.columns, list(result.rows)


def public_summary(project: Project | None) -> list[Row]:
    """The project's targets for the public site: the consortium's figures as the last
    rollup left them (no cluster breakdown, nothing personal). Two queries."""
    if project is None:
        return []
    view = View(project=project, consortium=True, clusters=[])
    return [row for row in indicator_rows(view=view) if row.indicator.is_project_target]
