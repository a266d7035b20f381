"""The services API: scoped, filters, bulk delivery, 400 on bad input."""

import datetime as dt

import pytest

from services.models import Service, ServiceDelivery, ServiceMapping
from tests.factories import MemberFactory, ServiceDeliveryFactory, ServiceFactory, service_category

pytestmark = pytest.mark.django_db


def test_service_list_is_scoped_and_filtered(
    client_for, manager_a, coordinator, cluster_a, cluster_b
):
    ServiceFactory(cluster=cluster_a, name="Alpha new", status="new")
    ServiceFactory(cluster=cluster_a, name="Alpha old", status="existing", status_since=None)
    ServiceFactory(
        cluster=cluster_b, name="Beta fund", category=service_category("finance-funding")
    )
    names = lambda response: sorted(s["name"] for s in response.json()["results"])  # noqa: E731
    manager = client_for(manager_a)
    assert names(manager.get("/api/services/")) == ["Alpha new", "Alpha old"]
    assert names(manager.get("/api/services/?status=existing")) == ["Alpha old"]
    # Another cluster as a filter is an error, not everything.
    assert manager.get("/api/services/?cluster=beta").status_code == 400
    coordinator_client = client_for(coordinator)
    assert names(coordinator_client.get("/api/services/?cluster=beta")) == ["Beta fund"]
    assert names(coordinator_client.get("/api/services/?category=finance-funding")) == ["Beta fund"]


def test_service_create_with_bad_input_is_400(client_for, manager_a, cluster_a, cluster_b):
    client = client_for(manager_a)
    data = {
        "cluster": "alpha",
        "name": "Export desk",
        "category": "internationalisation",
        "fee_model": "fee_based",
        "price_min": "-5",
        "status": "new",
        "status_since": "2017-02-01",
    }
    response = client.post("/api/services/", data, content_type="application/json")
    assert response.status_code == 400 and "price_min" in response.json()
    data["price_min"] = "10"
    response = client.post(
        "/api/services/",
        {**data, "target_member_types": ["martians"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "target_member_types" in response.json()
    response = client.post(
        "/api/services/", {**data, "cluster": "beta"}, content_type="application/json"
    )
    assert response.status_code == 400 and "cluster" in response.json()
    response = client.post(
        "/api/services/", {**data, "status_since": None}, content_type="application/json"
    )
    assert response.status_code == 400 and "status_since" in response.json()
    response = client.post("/api/services/", data, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["cluster"] == "alpha"
    assert response.json()["target_member_types"] == []
    response = client.post("/api/services/", data, content_type="application/json")
    assert response.status_code == 400  # the same name twice in a cluster
    assert Service.objects.count() == 1


def test_bulk_delivery_through_the_api(client_for, manager_a, manager_b, cluster_a, member_b):
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 2, 1))
    members = [MemberFactory(cluster=cluster_a) for _ in range(12)]
    client = client_for(manager_a)
    body = {"service": service.pk, "members": [m.pk for m in members], "delivered_on": "2017-03-03"}
    response = client.post("/api/service-deliveries/", body, content_type="application/json")
    assert response.status_code == 201
    assert response.json() == {"created": 12, "already_recorded": 0}
    # Again: nothing new, a clear 400.
    response = client.post("/api/service-deliveries/", body, content_type="application/json")
    assert response.status_code == 400 and "Already recorded" in response.json()["members"][0]
    # A member of another cluster, a date before the launch, negative hours: 400, nothing saved.
    for change, field in (
        ({"members": [members[0].pk, member_b.pk], "delivered_on": "2017-04-04"}, "members"),
        ({"delivered_on": "2017-01-04"}, "delivered_on"),
        ({"delivered_on": "2019-01-04"}, "delivered_on"),
        ({"delivered_on": "2017-04-04", "hours": "-1"}, "hours"),
        ({"members": []}, "members"),
    ):
        response = client.post(
            "/api/service-deliveries/", {**body, **change}, content_type="application/json"
        )
        assert response.status_code == 400, change
        assert field in response.json(), (change, response.json())
    assert ServiceDelivery.objects.count() == 12
    # Another cluster's manager cannot deliver this service (it is not theirs: a field error).
    response = client_for(manager_b).post(
        "/api/service-deliveries/",
        {"service": service.pk, "members": [member_b.pk], "delivered_on": "2017-03-03"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "service" in response.json()


def test_delivery_list_filters_and_scope(client_for, manager_b, coordinator, cluster_a, cluster_b):
    new = ServiceFactory(cluster=cluster_a, status="new")
    old = ServiceFactory(cluster=cluster_a, status="existing", status_since=None)
    ServiceDeliveryFactory(service=new, delivered_on=dt.date(2017, 5, 1))
    ServiceDeliveryFactory(service=old, delivered_on=dt.date(2018, 5, 1))
    client = client_for(coordinator)
    assert client.get("/api/service-deliveries/").json()["count"] == 2
    assert client.get("/api/service-deliveries/?status=new").json()["count"] == 1
    assert client.get("/api/service-deliveries/?delivered_after=2018-01-01").json()["count"] == 1
    assert client.get("/api/service-deliveries/?cluster=beta").json()["count"] == 0
    assert client_for(manager_b).get("/api/service-deliveries/").json()["count"] == 0


def test_mappings_api_refuses_a_mix_not_adding_to_100(client_for, manager_a, manager_b, cluster_a):
    body = {
        "cluster": "alpha",
        "period": "baseline",
        "answered_on": "2017-01-10",
        "initial_goals": "Grow",
        "goals_pursued": "partly",
        "revenue_public": 50,
        "revenue_membership": 30,
        "revenue_services": 10,
        "revenue_other": 5,
        "sustainability_outlook": "stable",
        "committed_members": 20,
    }
    client = client_for(manager_a)
    response = client.post("/api/service-mappings/", body, content_type="application/json")
    assert response.status_code == 400 and "revenue_other" in response.json()
    body["revenue_other"] = 10
    assert (
        client.post("/api/service-mappings/", body, content_type="application/json").status_code
        == 201
    )
    assert client.get("/api/service-mappings/?period=baseline").json()["count"] == 1
    assert client.get("/api/service-mappings/?period=final").json()["count"] == 0
    assert client_for(manager_b).get("/api/service-mappings/").json()["count"] == 0
    assert ServiceMapping.objects.count() == 1
