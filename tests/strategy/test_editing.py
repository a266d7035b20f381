"""Editing and removing what a strategy lists: value-chain stages, the cluster's own
indicators (never removed once a version is adopted) and the rows of a draft, each
removal behind a confirmation page that works without JavaScript."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from strategy import services
from strategy.models import Goal, Indicator, IndicatorValue, PlannedService, ValueChainStage
from tests.factories import FULL_HEADINGS, MemberFactory, make_strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy_a(cluster_a, manager_a):
    return make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)


@pytest.fixture
def strategy_b(cluster_b, manager_b):
    return make_strategy(cluster_b, actor=manager_b, **FULL_HEADINGS)


def stage_of(strategy, actor, name="Processing", members=()):
    return services.chain_stage_save(
        actor=actor, strategy=strategy, position=1, name=name, members=members
    )


def adopt(strategy, actor):
    services.version_adopt(
        actor=actor,
        version=strategy.versions.get(),
        adopted_on=dt.date(2017, 6, 1),
        adopted_by_body="General assembly",
    )


def test_a_stage_is_edited_through_its_page(client_for, manager_a, cluster_a, strategy_a):
    member = MemberFactory(cluster=cluster_a, name="Olive press Srl")
    stage = stage_of(strategy_a, manager_a)
    client = client_for(manager_a)
    url = reverse("strategy:chain_stage_edit", args=[strategy_a.pk, stage.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"position": "", "name": "Bottling"})
    assert response.status_code == 400
    assert response.context["form"].errors["position"]
    assert response.context["form"]["name"].value() == "Bottling"
    stage.refresh_from_db()
    assert stage.name == "Processing"
    response = client.post(
        url,
        {
            "position": "2",
            "name": "Bottling",
            "members": [member.pk],
            "gaps": "No glass supplier",
            "goal_themes": "Packaging, packaging",
        },
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.position, stage.name, stage.goal_themes) == (2, "Bottling", "packaging")
    assert list(stage.members.all()) == [member]


def test_a_stage_is_removed_after_a_confirmation(client_for, manager_a, strategy_a):
    stage = stage_of(strategy_a, manager_a)
    client = client_for(manager_a)
    chain = client.get(reverse("strategy:value_chain", args=[strategy_a.pk])).content.decode()
    url = reverse("strategy:chain_stage_delete", args=[strategy_a.pk, stage.pk])
    assert f'href="{url}"' in chain
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Processing" in confirm.content.decode()
    assert ValueChainStage.objects.filter(pk=stage.pk).exists()
    assert client.post(url).status_code == 302
    assert not ValueChainStage.objects.filter(pk=stage.pk).exists()


def test_another_clusters_stage_and_indicator_are_out_of_reach(
    client_for, manager_a, manager_b, strategy_a, strategy_b, viewer_a
):
    stage = stage_of(strategy_b, manager_b)
    indicator = services.indicator_save(actor=manager_b, strategy=strategy_b, name="Exporters")
    client = client_for(manager_a)
    for strategy in (strategy_a, strategy_b):  # B's rows through B's pages, or A's
        for url in (
            reverse("strategy:chain_stage_edit", args=[strategy.pk, stage.pk]),
            reverse("strategy:chain_stage_delete", args=[strategy.pk, stage.pk]),
            reverse("strategy:indicator_edit", args=[strategy.pk, indicator.pk]),
            reverse("strategy:indicator_delete", args=[strategy.pk, indicator.pk]),
        ):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"name": "Taken"}).status_code == 404, url
    assert ValueChainStage.objects.get(pk=stage.pk).name == "Processing"
    assert Indicator.objects.get(pk=indicator.pk).name == "Exporters"
    own = stage_of(strategy_a, manager_a)
    url = reverse("strategy:chain_stage_delete", args=[strategy_a.pk, own.pk])
    assert client_for(viewer_a).post(url).status_code == 403
    assert ValueChainStage.objects.filter(pk=own.pk).exists()


def test_an_indicator_is_edited_and_removed_while_nothing_is_adopted(
    client_for, manager_a, strategy_a
):
    indicator = services.indicator_save(actor=manager_a, strategy=strategy_a, name="Exporters")
    client = client_for(manager_a)
    edit = reverse("strategy:indicator_edit", args=[strategy_a.pk, indicator.pk])
    response = client.post(edit, {"indicator-name": "Exporting members", "indicator-target": "20"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"unit", "target_year"}
    response = client.post(
        edit,
        {
            "indicator-name": "Exporting members",
            "indicator-unit": "members",
            "indicator-target": "20",
            "indicator-target_year": "2022",
        },
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.target_year) == ("Exporting members", 2022)
    remove = reverse("strategy:indicator_delete", args=[strategy_a.pk, indicator.pk])
    assert client.get(remove).status_code == 200
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert client.post(remove).status_code == 302
    assert not Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_indicator_of_an_adopted_version_is_not_removed(client_for, manager_a, strategy_a):
    indicator = services.indicator_save(actor=manager_a, strategy=strategy_a, name="Exporters")
    services.indicator_value_record(
        actor=manager_a, indicator=indicator, measured_on=dt.date(2018, 1, 1), value=3
    )
    adopt(strategy_a, manager_a)
    with pytest.raises(ValidationError, match="adopted version"):
        services.indicator_delete(actor=manager_a, indicator=indicator)
    client = client_for(manager_a)
    remove = reverse("strategy:indicator_delete", args=[strategy_a.pk, indicator.pk])
    page = client.get(remove).content.decode()
    assert "part of an adopted version" in page
    assert 'type="submit"' not in page.split('id="main"')[-1]  # no button to remove it
    response = client.post(remove)
    assert response.status_code == 400
    assert "part of an adopted version" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_draft_rows_are_removed_after_a_confirmation(client_for, manager_a, strategy_a):
    version = strategy_a.versions.get()
    goal = services.goal_save(
        actor=manager_a,
        version=version,
        objective="Export",
        measurable_target="10",
        horizon_year=2020,
    )
    planned = services.planned_service_add(
        actor=manager_a, version=version, name="Export desk", category="trade", kind="new"
    )
    client = client_for(manager_a)
    editor = client.get(reverse("strategy:version_edit", args=[strategy_a.pk, 1])).content.decode()
    for kind, row in (("goal", goal), ("service", planned)):
        url = reverse("strategy:version_item_delete", args=[strategy_a.pk, 1, kind, row.pk])
        assert f'href="{url}"' in editor
        confirm = client.get(url)
        assert confirm.status_code == 200
        assert str(row) in confirm.content.decode()
        assert type(row).objects.filter(pk=row.pk).exists()
        assert client.post(url).status_code == 302
        assert not type(row).objects.filter(pk=row.pk).exists()
    assert not Goal.objects.exists() and not PlannedService.objects.exists()


def test_a_goal_links_to_the_stages_it_answers(client_for, manager_a, strategy_a):
    version = strategy_a.versions.get()
    services.goal_save(
        actor=manager_a,
        version=version,
        objective="Greener bottles",
        measurable_target="5",
        horizon_year=2020,
        tags="packaging",
    )
    bottling = services.chain_stage_save(
        actor=manager_a, strategy=strategy_a, name="Bottling", goal_themes="packaging"
    )
    farming = services.chain_stage_save(
        actor=manager_a, strategy=strategy_a, name="Farming", goal_themes="soil"
    )
    page = client_for(manager_a).get(reverse("strategy:detail", args=[strategy_a.pk]))
    html = page.content.decode()
    chain = reverse("strategy:value_chain", args=[strategy_a.pk])
    assert f'<a href="{chain}#stage-{bottling.pk}">Bottling</a>' in html
    assert f"#stage-{farming.pk}" not in html
