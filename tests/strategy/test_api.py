"""The strategy API: scoped, 400 on bad input, never 500."""

import datetime as dt

import pytest

from strategy import services
from strategy.models import Ris3Priority, Strategy
from tests.factories import FULL_HEADINGS, make_strategy

pytestmark = pytest.mark.django_db


def test_strategies_are_scoped(client_for, manager_a, cluster_a, cluster_b):
    mine = make_strategy(cluster_a, actor=manager_a)
    theirs = make_strategy(cluster_b, title="Secret")
    client = client_for(manager_a)
    data = client.get("/api/strategies/").json()
    assert [row["id"] for row in data["results"]] == [mine.pk]
    assert data["results"][0]["latest_version"]["status"] == "draft"
    assert client.get(f"/api/strategies/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/strategies/{theirs.pk}/versions/").status_code == 404
    assert client.post(f"/api/strategies/{theirs.pk}/versions/").status_code == 404


def test_create_strategy_and_bad_input(client_for, manager_a, cluster_a, cluster_b):
    client = client_for(manager_a)
    ok = {"cluster": "alpha", "title": "Plan", "start_year": 2017, "end_year": 2022}
    response = client.post("/api/strategies/", ok, content_type="application/json")
    assert response.status_code == 201, response.content
    assert Strategy.objects.get().versions.count() == 1
    again = client.post("/api/strategies/", ok, content_type="application/json")
    assert again.status_code == 400
    backwards = {**ok, "start_year": 2019, "end_year": 2018}
    response = client.post("/api/strategies/", backwards, content_type="application/json")
    assert response.status_code == 400
    foreign = {**ok, "cluster": "beta", "start_year": 2020}
    response = client.post("/api/strategies/", foreign, content_type="application/json")
    assert response.status_code == 400
    assert "cluster" in response.json()
    junk = {**ok, "start_year": "soon"}
    assert client.post("/api/strategies/", junk, content_type="application/json").status_code == 400


def test_versions_list_and_next(client_for, manager_a, cluster_a):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    client = client_for(manager_a)
    url = f"/api/strategies/{strategy.pk}/versions/"
    response = client.post(url)
    assert response.status_code == 400  # version 1 is still a draft
    assert "still a draft" in str(response.json())
    services.version_adopt(
        actor=manager_a,
        version=strategy.versions.get(),
        adopted_on=dt.date(2017, 6, 1),
        adopted_by_body="Assembly",
    )
    assert client.post(url).status_code == 201
    data = client.get(url).json()
    assert [(v["number"], v["status"]) for v in data["results"]] == [(2, "draft"), (1, "adopted")]
    assert data["results"][1]["vision"] == FULL_HEADINGS["vision"]


def test_viewer_cannot_start_a_version(client_for, viewer_a, cluster_a):
    strategy = make_strategy(cluster_a)
    response = client_for(viewer_a).post(f"/api/strategies/{strategy.pk}/versions/")
    assert response.status_code == 403


def test_ris3_priorities_api(client_for, coordinator, manager_a, project):
    body = {"region": "Puglia", "domain": "Agro-food", "description": ""}
    manager = client_for(manager_a)
    assert (
        manager.post("/api/ris3-priorities/", body, content_type="application/json").status_code
        == 403
    )
    client = client_for(coordinator)
    assert (
        client.post("/api/ris3-priorities/", body, content_type="application/json").status_code
        == 201
    )
    assert (
        client.post("/api/ris3-priorities/", body, content_type="application/json").status_code
        == 400
    )
    assert client.get("/api/ris3-priorities/").json()["count"] == 1
    Ris3Priority.objects.create(project=project, region="Other", domain="ICT")
    assert client_for(manager_a).get("/api/ris3-priorities/").json()["count"] == 2


def test_ris3_priorities_api_refuses_a_manager_before_reading_the_body(
    client_for, coordinator, manager_a, viewer_a, project
):
    priority = Ris3Priority.objects.create(project=project, region="Puglia", domain="ICT")
    url = f"/api/ris3-priorities/{priority.pk}/"
    bad = {"region": ""}
    for user in (manager_a, viewer_a):
        client = client_for(user)
        assert (
            client.post("/api/ris3-priorities/", {}, content_type="application/json").status_code
            == 403
        )
        assert client.put(url, bad, content_type="application/json").status_code == 403
        assert client.patch(url, bad, content_type="application/json").status_code == 403
        assert client.get(url).status_code == 200  # the project's priorities: read by all
    client = client_for(coordinator)
    assert (
        client.post("/api/ris3-priorities/", {}, content_type="application/json").status_code == 400
    )
    assert client.patch(url, bad, content_type="application/json").status_code == 400
    priority.refresh_from_db()
    assert priority.region == "Puglia" and Ris3Priority.objects.count() == 1


def test_joint_strategy_api(client_for, coordinator, manager_a, project, cluster_a, cluster_b):
    client = client_for(coordinator)
    assert client.get("/api/joint-strategy/").status_code == 404
    joint = services.joint_strategy_get_or_create(actor=coordinator, project=project)
    services.joint_goal_create_from_match(
        actor=coordinator, joint=joint, objective="Export desk", clusters=[cluster_a, cluster_b]
    )
    data = client.get("/api/joint-strategy/").json()
    assert data["status"] == "draft"
    assert data["goals"][0]["clusters"] == ["alpha", "beta"]
    assert client_for(manager_a).get("/api/joint-strategy/").status_code == 404


def test_patch_a_drafts_headings(client_for, manager_a, manager_b, viewer_a, cluster_a, cluster_b):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    theirs = make_strategy(cluster_b, actor=manager_b, title="Secret")
    url = f"/api/strategies/{strategy.pk}/versions/1/"
    client = client_for(manager_a)
    assert client.get(url).json()["vision"] == FULL_HEADINGS["vision"]
    response = client.patch(url, {"vision": "Greener"}, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["vision"] == "Greener"
    assert response.json()["mission"] == FULL_HEADINGS["mission"]  # untouched
    for bad in ({"status": "adopted"}, {"vision": ["a", "list"]}, {"visoin": "typo"}, ["x"]):
        response = client.patch(url, bad, content_type="application/json")
        assert response.status_code == 400, bad
    version = strategy.versions.get()
    assert (version.vision, version.status) == ("Greener", "draft")
    assert (
        client.patch(
            f"/api/strategies/{theirs.pk}/versions/1/",
            {"vision": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert client.get(f"/api/strategies/{strategy.pk}/versions/9/").status_code == 404
    assert (
        client_for(viewer_a)
        .patch(url, {"vision": "Viewer's"}, content_type="application/json")
        .status_code
        == 403
    )
    client = client_for(manager_a)
    services.version_adopt(
        actor=manager_a, version=version, adopted_on=dt.date(2017, 6, 1), adopted_by_body="GA"
    )
    response = client.patch(url, {"vision": "After adoption"}, content_type="application/json")
    assert response.status_code == 400
    assert "cannot be changed" in str(response.json())
    assert strategy.versions.get().vision == "Greener"


def test_patch_a_drafts_goal(client_for, manager_a, manager_b, cluster_a, cluster_b, project):
    strategy = make_strategy(cluster_a, actor=manager_a, **FULL_HEADINGS)
    version = strategy.versions.get()
    priority = Ris3Priority.objects.create(project=project, region="Puglia", domain="Agro-food")
    goal = services.goal_save(
        actor=manager_a,
        version=version,
        objective="Export",
        measurable_target="10 members",
        horizon_year=2020,
        ris3_priorities=[priority],
    )
    theirs = make_strategy(cluster_b, actor=manager_b, title="Secret")
    their_goal = services.goal_save(
        actor=manager_b,
        version=theirs.versions.get(),
        objective="Theirs",
        measurable_target="1",
        horizon_year=2020,
    )
    client = client_for(manager_a)
    url = f"/api/strategies/{strategy.pk}/versions/1/goals/{goal.pk}/"
    response = client.patch(
        url, {"horizon_year": 2021, "tags": "Export, export"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["tags"] == "export"
    goal.refresh_from_db()
    assert goal.horizon_year == 2021
    assert list(goal.ris3_priorities.all()) == [priority]  # kept when not sent
    for bad in ({"horizon_year": 1900}, {"objective": ""}, {"ris3_priorities": [999999]}):
        assert client.patch(url, bad, content_type="application/json").status_code == 400, bad
    goal.refresh_from_db()
    assert (goal.objective, goal.horizon_year) == ("Export", 2021)
    for foreign in (
        f"/api/strategies/{strategy.pk}/versions/1/goals/{their_goal.pk}/",
        f"/api/strategies/{theirs.pk}/versions/1/goals/{their_goal.pk}/",
    ):
        response = client.patch(foreign, {"objective": "Taken"}, content_type="application/json")
        assert response.status_code == 404, foreign
    their_goal.refresh_from_db()
    assert their_goal.objective == "Theirs"
    services.indicator_save(actor=manager_a, strategy=strategy, name="Exporters")
    services.version_adopt(
        actor=manager_a, version=version, adopted_on=dt.date(2017, 6, 1), adopted_by_body="GA"
    )
    response = client.patch(url, {"objective": "Rewritten"}, content_type="application/json")
    assert response.status_code == 400
    goal.refresh_from_db()
    assert goal.objective == "Export"
