"""The demo strategies: near but not at the target, idempotent, with common ground."""

import io

import pytest
from django.core.management import call_command

from clusters.models import Project
from strategy import models, selectors
from strategy.kpis import strategies_adopted
from strategy.matching import match_strategies
from tracekei.kpi.registry import Period

pytestmark = pytest.mark.django_db

MODELS = [
    models.Ris3Priority,
    models.Strategy,
    models.StrategyVersion,
    models.Goal,
    models.PlannedService,
    models.RevenuePlanLine,
    models.Indicator,
    models.IndicatorValue,
    models.ValueChainStage,
    models.Consultation,
    models.ConsultationLink,
    models.Feedback,
    models.JointStrategy,
    models.JointGoal,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_strategies_are_idempotent_and_match():
    call_command("load_demo_data", stdout=io.StringIO())
    first = counts()
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert counts() == first
    assert "(0 new rows)" in out.getvalue()

    project = Project.objects.get(acronym="TRACE-KEI")
    assert models.Strategy.objects.count() == 7
    regions = set(models.Ris3Priority.objects.values_list("region", flat=True))
    assert len(regions) == 7
    period = Period.of_project(project)
    assert strategies_adopted(period).total == 5  # near, not at, the target of 7
    assert models.JointStrategy.objects.get().status == "draft"
    assert models.StrategyVersion.objects.filter(status="consultation").count() == 1
    assert models.StrategyVersion.objects.filter(status="superseded").count() == 1

    from tracekei.accounts.models import User

    coordinator = User.objects.get(email="coordinator@tracekei.example")
    versions = selectors.adopted_versions(user=coordinator, project=project)
    result = match_strategies(selectors.matching_profiles(versions))
    themes = {t.theme: len(t.clusters) for t in result.themes if t.kind == "tag"}
    assert themes["internationalisation"] >= 4
    assert themes["digitalisation of agro food"] == 3
    assert themes["energy efficiency"] >= 3
    assert {d.domain for d in result.domains} >= {"Agro-food", "Energy efficiency"}
    assert result.cross_sector
