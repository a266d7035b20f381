"""New cluster strategies and the joint strategy, counted by hand."""

import datetime as dt

import pytest

from strategy import services
from strategy.kpis import joint_strategy, joint_strategy_evidence, strategies_adopted
from strategy.kpis import strategies_adopted_evidence as evidence
from tests.factories import FULL_HEADINGS, ClusterFactory, ProjectFactory, make_strategy
from tracekei.kpi.registry import Period, calculators

pytestmark = pytest.mark.django_db


def adopt(version, actor, on):
    return services.version_adopt(
        actor=actor, version=version, adopted_on=on, adopted_by_body="General assembly"
    )


def test_only_adopted_strategies_count_and_a_readoption_counts_once(
    project, cluster_a, cluster_b, manager_a, manager_b, coordinator
):
    period = Period.of_project(project)
    third = ClusterFactory(project=project, acronym="GAMMA", slug="gamma")
    other_project = ProjectFactory(acronym="OTHER")
    outsider = ClusterFactory(project=other_project, acronym="OUT", slug="out")

    # A: adopted in the period, then a new version re-adopted: one strategy.
    strategy_a = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    adopt(strategy_a.versions.get(), manager_a, dt.date(2017, 6, 1))
    second = services.version_create_next(actor=manager_a, strategy=strategy_a)
    adopt(second, manager_a, dt.date(2018, 5, 1))
    # B: a draft in consultation: not counted.
    version_b = make_strategy(cluster_b, actor=manager_b, **FULL_HEADINGS).versions.get()
    services.consultation_open(actor=manager_b, version=version_b, respondents=[])
    # GAMMA: adopted after the project ended: not counted.
    gamma = make_strategy(third, **FULL_HEADINGS)
    adopt(gamma.versions.get(), coordinator, dt.date(2019, 1, 10))
    # Another project's cluster: not counted.
    adopt(
        make_strategy(outsider, **FULL_HEADINGS).versions.get(),
        _manager(outsider),
        dt.date(2017, 3, 1),
    )

    figures = strategies_adopted(period)
    assert figures.total == 1
    assert figures.by_cluster == {cluster_a.pk: 1}
    rows = list(evidence(period).rows)
    assert len(rows) == 1
    assert rows[0][0] == "ALPHA"
    assert rows[0][2] == 1  # the first adopted version
    assert rows[0][3] == dt.date(2017, 6, 1)
    assert list(evidence(period, cluster_id=cluster_b.pk).rows) == []

    # B adopts within the period: two.
    adopt(version_b, manager_b, dt.date(2018, 11, 15))
    assert strategies_adopted(period).total == 2
    assert len(list(evidence(period).rows)) == 2


def _manager(cluster):
    from tests.factories import make_manager

    return make_manager(cluster)


def test_joint_strategy_counts_when_adopted(project, cluster_a, coordinator):
    period = Period.of_project(project)
    joint = services.joint_strategy_get_or_create(actor=coordinator, project=project)
    assert joint_strategy(period).total == 0
    assert list(joint_strategy_evidence(period).rows) == []
    services.joint_strategy_update(actor=coordinator, joint=joint, **FULL_HEADINGS)
    services.joint_strategy_adopt(
        actor=coordinator, joint=joint, adopted_on=dt.date(2018, 10, 1), adopted_by_body="Board"
    )
    assert joint_strategy(period).total == 1
    assert len(list(joint_strategy_evidence(period).rows)) == 1


def test_calculators_are_registered():
    assert {"strategies_adopted", "joint_strategy"} <= set(calculators())
