"""The clusters app's indicators on hand-counted fixtures."""

import datetime as dt

import pytest

from tests.factories import ClusterFactory, LabelAwardFactory, MemberFactory, ProjectFactory
from tracekei.kpi.registry import Period, calculators


@pytest.fixture
def period(project):
    return Period.of_project(project)


def _figures(code, period):
    return calculators()[code](period)


def test_new_bronze_labels_counts_each_cluster_once_within_the_period(
    period, project, cluster_a, cluster_b
):
    # alpha: bronze in the period, relabelled in the period again -> 1
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2017, 3, 1))
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2018, 6, 1))
    # beta: bronze before the project and silver in it -> 0
    LabelAwardFactory(cluster=cluster_b, level="bronze", awarded_on=dt.date(2015, 1, 10))
    LabelAwardFactory(cluster=cluster_b, level="silver", awarded_on=dt.date(2017, 5, 1))
    # gamma: bronze on the project's last day -> 1 (both ends inclusive)
    gamma = ClusterFactory(project=project, acronym="GAMMA", slug="gamma")
    LabelAwardFactory(cluster=gamma, level="bronze", awarded_on=project.end_date)
    # a cluster of another project never counts
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), acronym="OTHER", slug="other")
    LabelAwardFactory(cluster=other, level="bronze", awarded_on=dt.date(2017, 3, 1))

    figures = _figures("new_bronze_labels", period)

    assert figures.total == 2
    assert figures.by_cluster == {cluster_a.pk: 1, gamma.pk: 1}
    evidence = calculators()["new_bronze_labels"].evidence_fn(period)
    assert [row[:2] for row in evidence.rows] == [
        ("ALPHA", dt.date(2017, 3, 1)),
        ("GAMMA", project.end_date),
    ]
    only_alpha = calculators()["new_bronze_labels"].evidence_fn(period, cluster_a.pk)
    assert len(list(only_alpha.rows)) == 1


def test_active_members_leaves_out_those_who_left(period, cluster_a, cluster_b):
    MemberFactory(cluster=cluster_a, name="Stays")
    MemberFactory(cluster=cluster_a, name="Left", left_on=dt.date(2020, 1, 1))
    MemberFactory(cluster=cluster_b, name="Leaves later", left_on=dt.date(2999, 1, 1))

    figures = _figures("active_members", period)

    assert figures.total == 2
    assert figures.by_cluster == {cluster_a.pk: 1, cluster_b.pk: 1}
    rows = list(calculators()["active_members"].evidence_fn(period).rows)
    assert [row[1] for row in rows] == ["Stays", "Leaves later"]
