"""The strategy app's dataset in the exports registry: each strategy's indicators with
their measured values (one row per value; an indicator not yet measured, one row)."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from tracekei import access
from tracekei.exports import CHUNK_SIZE

from .models import Indicator, IndicatorValue


def indicator_rows(user):
    indicators = (
        access.scope(Indicator.objects.all(), user, cluster_field="strategy__cluster")
        .select_related("strategy__cluster")
        .prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.order_by("measured_on", "pk"))
        )
        .order_by("strategy__cluster__acronym", "strategy__start_year", "name", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "cluster", "strategy", "indicator", "unit", "baseline", "target", "target_year",
        "measured_on", "value", "note",
    ]  # fmt: skip

    def rows():
        for i in indicators:
            start = [
                i.strategy.cluster.acronym,
                i.strategy.title,
                i.name,
                i.unit,
                i.baseline,
                i.target,
                i.target_year,
            ]
            values = list(i.values.all())
            if not values:
                yield [*start, None, None, ""]
            for v in values:
                yield [*start, v.measured_on, v.value, v.note]

    return header, rows()


def register(registry) -> None:
    registry.add(
        "strategy-indicators", _("Strategy indicators and values"), indicator_rows, app="strategy"
    )
