"""The surveys app's indicators: the SME satisfaction index and the response rate."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.surveys.support import respond, standard_campaign
from tracekei.kpi.registry import Period, calculators

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(cluster_a, cluster_b):
    a = standard_campaign(cluster_a)
    b = standard_campaign(cluster_b)
    respond(a, ratings=4)
    respond(a, ratings=[5, 5, 5, 5, 5, 5])
    respond(a, ratings=1, submitted=False)  # in progress: not counted
    respond(b, ratings=2)
    respond(b, ratings=3, submitted=False)
    for _ in range(3):
        from tests.factories import InvitationFactory

        InvitationFactory(campaign=b)  # invited, no answer
    late = standard_campaign(cluster_b, opens_on=dt.date(2019, 3, 1))
    respond(late, ratings=1)  # submitted after the project: not counted (dated 2017 though)
    return a, b, late


def test_satisfaction_index(project, cluster_a, cluster_b, answered):
    calculator = calculators()["sme_satisfaction_index"]
    period = Period(project=project, start=dt.date(2016, 11, 16), end=dt.date(2018, 11, 15))
    figures = calculator(period)
    # ALPHA: 6 x 4 and 6 x 5; BETA: 6 x 2 and 6 x 1 (the late campaign's answer is
    # dated in the period too: the index reads the answers' dates).
    assert figures.by_cluster[cluster_a.pk] == Decimal("4.50")
    assert figures.by_cluster[cluster_b.pk] == Decimal("1.50")
    assert figures.total == Decimal("3.00")
    evidence = calculator.evidence_fn(period)
    rows = list(evidence.rows)
    assert len(rows) == 4  # one per submitted response
    assert sorted(row[4] for row in rows) == [1, 2, 4, 5]
    only_alpha = list(calculator.evidence_fn(period, cluster_a.pk).rows)
    assert {row[0] for row in only_alpha} == {"ALPHA"}
    # Before the answers were submitted: nothing.
    empty = Period(project=project, start=dt.date(2016, 11, 16), end=dt.date(2017, 3, 1))
    assert calculator(empty).total == 0
    assert not list(calculator.evidence_fn(empty).rows)


def test_response_rate(project, cluster_a, cluster_b, answered):
    calculator = calculators()["survey_response_rate"]
    period = Period(project=project, start=dt.date(2016, 11, 16), end=dt.date(2018, 11, 15))
    figures = calculator(period)
    # ALPHA: 2 of 3; BETA: 1 of 5 (the late campaign opened after the period).
    assert figures.by_cluster[cluster_a.pk] == Decimal("66.67")
    assert figures.by_cluster[cluster_b.pk] == Decimal("20.00")
    assert figures.total == Decimal("37.50")
    rows = list(calculator.evidence_fn(period).rows)
    assert len(rows) == 8  # one per invitation
    assert sum(1 for row in rows if str(row[4]) == "yes") == 3
    assert len(list(calculator.evidence_fn(period, cluster_b.pk).rows)) == 5
