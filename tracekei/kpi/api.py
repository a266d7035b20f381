"""REST API of the KPI engine: current values and targets, history, evidence. Read only,
from snapshots (the evidence from the calculator's drill-down), scoped like the pages."""

from decimal import Decimal

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors


def number(value: Decimal | None):
    """A JSON number: 2 rather than "2.00"."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


_CLUSTER = OpenApiParameter("cluster", str, description="a cluster's slug: its contribution")
_SCHEMA = extend_schema(responses=OpenApiTypes.OBJECT, parameters=[_CLUSTER])


@extend_schema_view(
    list=extend_schema(
        operation_id="kpis_list", responses=OpenApiTypes.OBJECT, parameters=[_CLUSTER]
    ),
    retrieve=_SCHEMA,
    history=_SCHEMA,
    evidence=_SCHEMA,
)
class IndicatorViewSet(viewsets.ViewSet):
    """`?cluster=<slug>` gives that cluster's contribution (one of yours)."""

    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def _view(self):
        params = self.request.query_params
        project = params.get("project", "")
        return selectors.kpi_view(
            user=self.request.user,
            project_id=project if project.isdigit() else None,
            cluster_slug=params.get("cluster") or None,
        )

    def _row(self, row, view):
        indicator = row.indicator
        data = {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.unit,
            "kind": indicator.kind,
            "scope": indicator.scope,
            "direction": indicator.direction,
            "target": number(indicator.target),
            "baseline": number(indicator.baseline),
            "cluster": view.cluster.slug if view.cluster else None,
            "value": number(row.value),
            "percent": number(row.percent),
            "projection": number(row.projection),
            "status": row.status,
            "taken_on": row.snapshot.taken_on if row.snapshot else None,
            "computed_at": row.snapshot.computed_at if row.snapshot else None,
        }
        if view.cluster is None:
            by_pk = {c.pk: c.slug for c in view.clusters}
            contributions = row.snapshot.contributions if row.snapshot else {}
            data["contributions"] = {
                by_pk[int(pk)]: number(Decimal(value))
                for pk, value in contributions.items()
                if int(pk) in by_pk
            }
        return data

    def list(self, request):
        view = self._view()
        rows = selectors.indicator_rows(view=view)
        return Response(
            {"project": view.project.acronym, "results": [self._row(r, view) for r in rows]}
        )

    def retrieve(self, request, code=None):
        view = self._view()
        selectors.indicator_get(view=view, code=code)
        (row,) = selectors.indicator_rows(view=view, codes=[code])
        return Response(self._row(row, view))

    @action(detail=True)
    def history(self, request, code=None):
        view = self._view()
        indicator = selectors.indicator_get(view=view, code=code)
        points = selectors.history(view=view, indicator=indicator)
        return Response(
            {
                "code": indicator.code,
                "cluster": view.cluster.slug if view.cluster else None,
                "results": [
                    {"taken_on": day, "value": number(value), "computed_at": computed}
                    for day, value, computed in points
                ],
            }
        )

    @action(detail=True)
    def evidence(self, request, code=None):
        view = self._view()
        indicator = selectors.indicator_get(view=view, code=code)
        found = selectors.evidence(view=view, indicator=indicator)
        columns, rows = found if found is not None else ((), [])
        return Response(
            {
                "code": indicator.code,
                "cluster": view.cluster.slug if view.cluster else None,
                "columns": [str(c) for c in columns],
                "count": len(rows),
                "results": [[_plain(v) for v in row] for row in rows],
            }
        )


def _plain(value):
    if isinstance(value, Decimal):
        return number(value)
    if value is None or isinstance(value, int | float | bool):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def register(router):
    router.register("kpis", IndicatorViewSet, basename="kpi")
