"""The KPI layer: the dashboard, indicators, roll-up runs."""

from tests.permissions import (
    DONE,
    api,
    api_list,
    coordinators,
    first,
    page,
    signed_in,
)
from tracekei.kpi.models import Indicator, RollupRun

indicator = first(lambda w: Indicator.objects.filter(project=w.project), "code", "code")
run = first(lambda w: RollupRun.objects.filter(project=w.project))

URLS = {
    "kpi:dashboard": page(get=signed_in()),
    "kpi:recompute": page(post=coordinators(DONE)),
    "kpi:run": page(run, get=coordinators(refused=404)),
    "kpi:detail": page(indicator, get=signed_in()),
    "kpi:edit": page(indicator, get=coordinators(), post=coordinators(DONE)),
    "kpi:reports": page(
        indicator,
        get=signed_in(404),
        post=signed_in(404),
        note="the first indicator is computed, not reported by hand: 404 for all",
    ),
    # API
    "kpi-list": api(get=api_list()),
    "kpi-detail": api(indicator, get=api_list()),
    "kpi-evidence": api(indicator, get=api_list()),
    "kpi-history": api(indicator, get=api_list()),
}
