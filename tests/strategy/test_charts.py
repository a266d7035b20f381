"""The indicator chart: an SVG with a title, the target line and a point per value."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from strategy import services
from strategy.charts import indicator_chart
from tests.factories import make_strategy

pytestmark = pytest.mark.django_db


def test_chart_and_table_of_actual_against_target(client_for, manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a)
    indicator = services.indicator_save(
        actor=manager_a,
        strategy=strategy,
        name="Members exporting",
        unit="members",
        baseline=Decimal(4),
        target=Decimal(15),
        target_year=2020,
    )
    for day, value in ((dt.date(2017, 6, 30), 4), (dt.date(2018, 6, 30), 9)):
        services.indicator_value_record(
            actor=manager_a, indicator=indicator, measured_on=day, value=Decimal(value)
        )
    svg = indicator_chart(indicator, list(indicator.values.all()))
    assert svg.startswith("<svg")
    assert "<title>Members exporting: actual against target</title>" in svg
    assert svg.count("<circle") == 2
    assert 'class="chart-target"' in svg
    assert "target 15" in svg
    page = client_for(manager_a).get(reverse("strategy:indicators", args=[strategy.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<td class="num">9.00</td>' in html
    assert "<svg" in html


def test_chart_without_values_says_so():
    class Indicator:
        name = "Empty"
        unit = ""
        target = None
        baseline = None

    assert "No actual values yet." in indicator_chart(Indicator(), [])
