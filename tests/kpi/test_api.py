"""/api/kpis/: values and targets, history, evidence; scoped like the pages."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_list_gives_values_targets_and_contributions(
    records, rollup, client_for, coordinator, cluster_a, cluster_b
):
    from decimal import Decimal

    from tracekei.kpi.models import Indicator

    rollup()
    Indicator.objects.filter(code="new_bronze_labels").update(target=Decimal(3))
    data = client_for(coordinator).get("/api/kpis/").json()
    rows = {row["code"]: row for row in data["results"]}
    assert rows["new_bronze_labels"]["value"] == 1
    assert rows["new_bronze_labels"]["target"] == 3
    assert rows["new_bronze_labels"]["percent"] == 33
    assert rows["active_members"]["contributions"] == {"alpha": 3, "beta": 2}
    assert rows["smes_benefitting"]["value"] is None
    assert rows["smes_benefitting"]["status"] == "not_measured"


def test_a_manager_gets_his_contribution_only(records, rollup, client_for, manager_a):
    rollup()
    client = client_for(manager_a)
    rows = {row["code"]: row for row in client.get("/api/kpis/").json()["results"]}
    assert rows["active_members"]["value"] == 3
    assert rows["active_members"]["cluster"] == "alpha"
    assert "contributions" not in rows["active_members"]
    assert client.get("/api/kpis/?cluster=beta").status_code == 404
    evidence = client.get("/api/kpis/active_members/evidence/").json()
    assert evidence["count"] == 3
    assert all(row[0] == "ALPHA" for row in evidence["results"])
    assert client.get("/api/kpis/active_members/evidence/?cluster=beta").status_code == 404


def test_history_and_evidence(records, rollup, client_for, coordinator):
    rollup(dt.date(2017, 6, 1))
    rollup()
    client = client_for(coordinator)
    history = client.get("/api/kpis/new_bronze_labels/history/").json()
    assert [(p["taken_on"], p["value"]) for p in history["results"]] == [
        ("2017-06-01", 1),
        ("2018-03-01", 1),
    ]
    evidence = client.get("/api/kpis/new_bronze_labels/evidence/").json()
    assert evidence["count"] == 1 and evidence["results"][0][:2] == ["ALPHA", "2017-04-01"]
    assert client.get("/api/kpis/smes_benefitting/evidence/").json()["count"] == 0
    assert client.get("/api/kpis/nothing/history/").status_code == 404


def test_anonymous_and_strangers_get_nothing(client, records, rollup, client_for):
    from tests.factories import UserFactory

    rollup()
    assert client.get("/api/kpis/").status_code in (401, 403)
    assert client_for(UserFactory()).get("/api/kpis/").status_code == 404
