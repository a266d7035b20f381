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


def test_every_strategy_page_opens_on_the_demo_data(client):
    """Each page of each demo strategy, as the coordinator and as a cluster manager."""
    call_command("load_demo_data", stdout=io.StringIO())
    from django.urls import reverse

    from tracekei.accounts.models import User

    coordinator = User.objects.get(email="coordinator@tracekei.example")
    client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
    pages = ["strategy:list", "strategy:ris3", "strategy:joint", "strategy:matching"]
    for name in pages:
        assert client.get(reverse(name)).status_code == 200, name
    for strategy in models.Strategy.objects.all():
        pk = strategy.pk
        for url in (
            reverse("strategy:detail", args=[pk]),
            reverse("strategy:history", args=[pk]),
            reverse("strategy:compare", args=[pk]),
            reverse("strategy:indicators", args=[pk]),
            reverse("strategy:value_chain", args=[pk]),
            reverse("strategy:consultation", args=[pk, 1]),
        ):
            assert client.get(url).status_code == 200, url
        latest = strategy.versions.order_by("-number").first()
        if latest.is_editable:
            for name in ("strategy:version_edit", "strategy:adopt"):
                assert client.get(reverse(name, args=[pk, latest.number])).status_code == 200
