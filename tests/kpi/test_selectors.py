"""The status rule and the projection on hand-made numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from tracekei.kpi.models import Indicator
from tracekei.kpi.selectors import _trend, status_of

END = dt.date(2018, 11, 15)


def indicator(target, direction="higher"):
    return Indicator(code="x", name="x", target=target, direction=direction)


@pytest.mark.parametrize(
    ("value", "projection", "ended", "expected"),
    [
        (3, 3, False, "achieved"),
        (4, 4, True, "achieved"),
        (1, 3, False, "on_track"),
        (1, Decimal("2.4"), False, "at_risk"),  # 80 % of 3
        (1, Decimal("2.3"), False, "behind"),
        (2, 5, True, "behind"),  # the project ended short of the target
    ],
)
def test_status_rule_higher_is_better(value, projection, ended, expected):
    assert status_of(indicator(Decimal(3)), Decimal(value), Decimal(projection), ended=ended) == (
        expected
    )


def test_status_rule_lower_is_better_and_special_cases():
    lower = indicator(Decimal(10), "lower")
    assert status_of(lower, Decimal(9), Decimal(9), ended=False) == "achieved"
    assert status_of(lower, Decimal(15), Decimal(10), ended=False) == "on_track"
    assert status_of(lower, Decimal(15), Decimal(12), ended=False) == "at_risk"
    assert status_of(lower, Decimal(15), Decimal(13), ended=False) == "behind"
    assert status_of(indicator(None), Decimal(5), None, ended=False) == "no_target"
    assert status_of(indicator(Decimal(3)), None, None, ended=False) == "not_measured"


def test_trend_is_a_least_squares_line_read_at_the_end():
    start = dt.date(2017, 1, 1)
    history = [(start + dt.timedelta(days=100 * k), Decimal(10 * k)) for k in range(3)]
    # 10 per 100 days; the end is 300 days after the start -> 30.
    assert _trend(history, start + dt.timedelta(days=300)) == Decimal("30.0")
    assert _trend(history[:1], END) == 0  # one point: the point itself
    assert _trend(history, history[-1][0]) == 20  # at (or after) the end: the latest value
    assert _trend([], END) is None
