"""The drill-down list as CSV or XLSX, cells a spreadsheet would run as formulas escaped."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from clusters.member_io import spreadsheet_safe


def _cell(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return value
    if value is None:
        return ""
    return spreadsheet_safe(str(value))


def rows_for_export(columns, rows) -> tuple[list[str], list[list]]:
    return [spreadsheet_safe(str(c)) for c in columns], [[_cell(v) for v in row] for row in rows]


def write_csv(columns, rows) -> bytes:
    header, body = rows_for_export(columns, rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(body)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def write_xlsx(columns, rows, *, sheet_name: str) -> bytes:
    from openpyxl import Workbook

    header, body = rows_for_export(columns, rows)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31] or "Evidence")
    sheet.append(header)
    for row in body:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Datasets of the exports registry (tracekei.exports) ------------------------------
# A user who sees every cluster of a project (its coordinator) gets the consortium totals
# and every cluster's contribution; anyone else only their own clusters' contributions,
# never the others' figures (the same rule as tracekei.kpi.selectors).


def _scope(user):
    from clusters.models import Cluster
    from tracekei import access

    visible = {}
    for cluster_id, acronym, project_id in access.visible_clusters(user).values_list(
        "pk", "acronym", "project_id"
    ):
        visible[str(cluster_id)] = (acronym, project_id)
    projects = {project_id for _acronym, project_id in visible.values()}
    all_counts = {}
    for project_id in Cluster.objects.filter(project_id__in=projects).values_list(
        "project_id", flat=True
    ):
        all_counts[project_id] = all_counts.get(project_id, 0) + 1
    seen_counts = {}
    for _acronym, project_id in visible.values():
        seen_counts[project_id] = seen_counts.get(project_id, 0) + 1
    sees_all = {p for p in projects if seen_counts.get(p) == all_counts.get(p)}
    return visible, projects, sees_all


def indicator_rows(user):
    from tracekei.exports import CHUNK_SIZE

    from .models import Indicator

    _visible, projects, _sees_all = _scope(user)
    indicators = (
        Indicator.objects.filter(project_id__in=projects)
        .select_related("project")
        .order_by("project__acronym", "position", "code", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "project", "code", "name", "unit", "kind", "scope", "direction", "baseline", "target",
        "project_target",
    ]  # fmt: skip
    rows = (
        [
            i.project.acronym,
            i.code,
            i.name,
            i.unit,
            i.kind,
            i.scope,
            i.direction,
            i.baseline,
            i.target,
            i.is_project_target,
        ]
        for i in indicators
    )
    return header, rows


def snapshot_rows(user):
    """One row per snapshot and cluster: the consortium total (cluster empty) for those
    who see the whole project, then each visible cluster's contribution."""
    from tracekei.exports import CHUNK_SIZE

    from .models import Snapshot

    visible, projects, sees_all = _scope(user)
    snapshots = (
        Snapshot.objects.filter(indicator__project_id__in=projects)
        .select_related("indicator__project")
        .order_by(
            "indicator__project__acronym", "indicator__position", "indicator__code", "taken_on"
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = ["project", "indicator", "taken_on", "cluster", "value"]

    def rows():
        for s in snapshots:
            project_id = s.indicator.project_id
            start = [s.indicator.project.acronym, s.indicator.code, s.taken_on]
            if project_id in sees_all:
                yield [*start, "", s.value]
            for cluster_id, value in sorted((s.contributions or {}).items()):
                seen = visible.get(cluster_id)
                if seen and seen[1] == project_id:
                    yield [*start, seen[0], Decimal(str(value))]

    return header, rows()


def register(registry) -> None:
    from django.utils.translation import gettext_lazy as _

    registry.add("kpi-indicators", _("Project indicators"), indicator_rows, app="kpi")
    registry.add("kpi-history", _("Project indicators: history"), snapshot_rows, app="kpi")
