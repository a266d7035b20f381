"""The dissemination indicators on hand-counted fixtures."""

import datetime as dt
from decimal import Decimal

import pytest

from dissemination.kpis import (
    collaborations_formed,
    collaborations_formed_evidence,
    outside_countries,
    outside_countries_evidence,
    policy_dialogues,
    policy_dialogues_evidence,
)
from dissemination.models import Collaboration, PolicyDialogue
from tests.factories import ClusterFactory, ProjectFactory, make_activity, make_post
from tracekei.kpi.registry import Period, calculators

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(project):
    return Period.of_project(project)  # 2016-11-16 .. 2018-11-15


@pytest.fixture
def reach(cluster_a, cluster_b):
    """Consortium: ALPHA (IT) and BETA (HU).

    a1 ALPHA        : FR, ES, IT      -> FR, ES (IT is a consortium country)
    a2 ALPHA + BETA : FR, GR, HU      -> FR again, GR
    a3 BETA         : AT, AT-less dup -> AT
    a4 BETA, before the project: PL   -> not counted
    a5 another project's cluster: NL  -> not counted
    Distinct outside countries: AT, ES, FR, GR = 4. ALPHA: ES, FR, GR = 3. BETA: AT, FR, GR = 3.
    """
    a1 = make_activity(cluster_a, countries=["FR", "ES", "IT"], date=dt.date(2017, 1, 10))
    a2 = make_activity(cluster_a, cluster_b, countries=["FR", "GR", "HU"], date=dt.date(2017, 6, 1))
    a3 = make_activity(cluster_b, countries=["AT"], date=dt.date(2018, 11, 15))
    make_activity(cluster_b, countries=["PL"], date=dt.date(2016, 11, 15))
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), country="SE")
    make_activity(other, countries=["NL", "FR"], date=dt.date(2017, 3, 3))
    return a1, a2, a3


def test_outside_countries_counts_each_country_once(period, reach, cluster_a, cluster_b):
    figures = outside_countries(period)
    assert figures.total == Decimal(4)
    assert figures.by_cluster == {cluster_a.pk: Decimal(3), cluster_b.pk: Decimal(3)}


def test_outside_countries_evidence_is_one_row_per_country(period, reach, cluster_a):
    a1, a2, _a3 = reach
    rows = list(outside_countries_evidence(period).rows)
    assert [row[1] for row in rows] == ["AT", "ES", "FR", "GR"]
    france = rows[2]
    assert a1.title in france[2] and a2.title in france[2]
    assert france[3] == a1.date
    alpha = list(outside_countries_evidence(period, cluster_id=cluster_a.pk).rows)
    assert [row[1] for row in alpha] == ["ES", "FR", "GR"]


def test_a_consortium_country_never_counts(period, cluster_a, cluster_b):
    make_activity(cluster_a, countries=["IT", "HU"])
    assert outside_countries(period).total == 0
    assert list(outside_countries_evidence(period).rows) == []


def test_policy_dialogues_within_the_period(period, cluster_a, cluster_b):
    for day in (dt.date(2016, 11, 16), dt.date(2018, 11, 15), dt.date(2018, 11, 16)):
        PolicyDialogue.objects.create(
            cluster=cluster_a, date=day, authority="Regione Puglia", level="regional", topics="x"
        )
    PolicyDialogue.objects.create(
        cluster=cluster_b, date=dt.date(2017, 2, 2), authority="NFM", level="national", topics="y"
    )
    figures = policy_dialogues(period)
    assert figures.total == 3
    assert figures.by_cluster == {cluster_a.pk: 2, cluster_b.pk: 1}
    assert len(list(policy_dialogues_evidence(period, cluster_id=cluster_a.pk).rows)) == 2


def test_collaborations_formed_counts_accepted_only(period, cluster_a, cluster_b):
    third = ClusterFactory(project=cluster_a.project, country="DE")
    offer = make_post(cluster_a, "offer", topic="cold chain")
    need = make_post(cluster_b, "need", topic="packaging")

    def interest(post, cluster, status, accepted_on=None):
        return Collaboration.objects.create(
            post=post,
            owner_cluster=post.cluster,
            interested_cluster=cluster,
            status=status,
            accepted_on=accepted_on,
        )

    interest(offer, cluster_b, "active", dt.date(2017, 4, 1))
    interest(need, third, "completed", dt.date(2018, 1, 1))
    interest(need, cluster_a, "interested")
    interest(offer, third, "declined")
    figures = collaborations_formed(period)
    assert figures.total == 2
    assert figures.by_cluster == {cluster_a.pk: 1, cluster_b.pk: 2, third.pk: 1}
    assert len(list(collaborations_formed_evidence(period).rows)) == 2
    assert len(list(collaborations_formed_evidence(period, cluster_id=third.pk).rows)) == 1


def test_the_indicators_are_registered():
    found = calculators()
    assert found["outside_countries"].distinct is True
    assert {"policy_dialogues", "collaborations_formed"} <= set(found)
