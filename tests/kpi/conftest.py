"""KPI fixtures: hand-counted records in clusters A and B, and a helper that rolls up."""

import datetime as dt

import pytest

from tests.factories import LabelAwardFactory, MemberFactory
from tracekei.kpi.models import RollupRun
from tracekei.kpi.services import rollup_run

DAY = dt.date(2018, 3, 1)


@pytest.fixture
def records(cluster_a, cluster_b):
    """ALPHA: 1 new bronze label, 3 active members (+1 who left).
    BETA: no new bronze label (only silver), 2 active members."""
    LabelAwardFactory(cluster=cluster_a, level="bronze", awarded_on=dt.date(2017, 4, 1))
    LabelAwardFactory(cluster=cluster_b, level="silver", awarded_on=dt.date(2017, 4, 1))
    for name in ("A One", "A Two", '=HYPERLINK("http://evil")'):
        MemberFactory(cluster=cluster_a, name=name)
    MemberFactory(cluster=cluster_a, name="A Left", left_on=dt.date(2019, 1, 1))
    MemberFactory(cluster=cluster_b, name="B One", country="HU")
    MemberFactory(cluster=cluster_b, name="B Two", country="HU")


@pytest.fixture
def rollup(project):
    def run(today=DAY):
        created = RollupRun.objects.create(project=project)
        return rollup_run(run_id=created.pk, today=today)

    return run


@pytest.fixture(autouse=True)
def engine_with_the_clusters_calculators_only(monkeypatch):
    """These tests are about the engine, on hand-counted label and member records: they
    run it with the clusters app's two calculators only, so that another app's new
    indicator neither changes their figures nor hides the "not yet measured" state.
    (Each app tests its own calculators in tests/<app>/test_kpis.py.)"""
    from tracekei.kpi import registry

    every = registry.calculators()
    monkeypatch.setattr(
        registry,
        "_registry",
        {code: every[code] for code in ("new_bronze_labels", "active_members")},
    )
