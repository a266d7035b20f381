"""The services pages: scoped, bad input kept with field errors, the 40-member delivery."""

import datetime as dt
import io

import pytest

from services.models import (
    ReferenceService,
    Service,
    ServiceChange,
    ServiceDelivery,
    ServiceMapping,
)
from tests.factories import MemberFactory, ServiceDeliveryFactory, ServiceFactory, service_category
from tracekei.kpi.registry import Period, calculators

pytestmark = pytest.mark.django_db


def service_form(**overrides):
    data = {
        "name": "Agri-food export desk",
        "category": service_category("internationalisation").pk,
        "description": "Matchmaking with buyers abroad",
        "target_member_types": ["sme"],
        "fee_model": "fee_based",
        "price_min": "150",
        "price_max": "600",
        "currency": "EUR",
        "status": "new",
        "status_since": "2017-02-01",
        "delivery_channel": "blended",
    }
    data.update(overrides)
    return data


def test_manager_records_a_new_service_and_delivers_it_to_40_members(
    client_for, manager_a, cluster_a, project
):
    members = [MemberFactory(cluster=cluster_a, name=f"Oleificio {n:02d} Srl") for n in range(40)]
    client = client_for(manager_a)
    period = Period.of_project(project)
    assert calculators()["smes_benefitting"](period).total == 0

    response = client.post("/services/new/alpha/", service_form())
    service = Service.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/{service.pk}/"
    assert ServiceChange.objects.filter(service=service, action="created").exists()

    page = client.get(f"/services/{service.pk}/deliver/")
    assert page.status_code == 200
    assert page.content.count(b'name="members"') == 40

    response = client.post(
        f"/services/{service.pk}/deliver/",
        {
            "members": [m.pk for m in members],
            "delivered_on": "2017-04-12",
            "hours": "3",
            "outcome": "Met two buyers",
        },
    )
    assert response.status_code == 302
    assert ServiceDelivery.objects.filter(service=service).count() == 40
    assert calculators()["smes_benefitting"](period).total == 40

    # The same form again: nothing counts twice, and the manager is told.
    response = client.post(
        f"/services/{service.pk}/deliver/",
        {"members": [m.pk for m in members[:5]], "delivered_on": "2017-04-12"},
        follow=True,
    )
    assert ServiceDelivery.objects.count() == 40
    assert "5 members already had this service on that day" in response.content.decode()

    matrix = client_for(manager_a).get("/services/matrix/")
    assert matrix.status_code == 403  # the matrix is the coordinator's


def test_the_matrix_changes_with_a_delivery(client_for, coordinator, cluster_a, cluster_b):
    service = ServiceFactory(
        cluster=cluster_a,
        category=service_category("internationalisation"),
        fee_model="mixed",
        price_min=0,
    )
    ServiceFactory(cluster=cluster_b, category=service_category("internationalisation"))
    client = client_for(coordinator)
    matrix = client.get("/services/matrix/").context["matrix"]
    column = [c.slug for c in matrix.categories].index("internationalisation")
    alpha, beta = matrix.rows
    assert (
        alpha.cells[column].coverage,
        alpha.cells[column].paid,
        alpha.cells[column].deliveries,
    ) == (
        "partly",
        1,
        0,
    )
    ServiceDeliveryFactory(service=service, member=MemberFactory(cluster=cluster_a))
    ServiceDeliveryFactory(service=service, member=MemberFactory(cluster=cluster_a))
    matrix = client.get("/services/matrix/").context["matrix"]
    alpha, beta = matrix.rows
    assert alpha.cells[column].coverage == "offered"
    assert alpha.cells[column].deliveries == 2
    assert alpha.paid_share == 100
    assert beta.cells[column].coverage == "partly"
    assert matrix.totals[column].deliveries == 2


def test_bad_service_input_keeps_what_was_typed(client_for, manager_a, cluster_a):
    response = client_for(manager_a).post(
        "/services/new/alpha/", service_form(price_min="-10", name="Typed name")
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "price_min" in form.errors
    assert 'value="Typed name"' in response.content.decode()
    assert not Service.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"delivered_on": "2016-01-01"}, "delivered_on"),
        ({"delivered_on": "2017-01-15"}, "delivered_on"),  # before the launch (2017-02-01)
        ({"hours": "-2"}, "hours"),
    ],
)
def test_bad_delivery_input_is_a_field_error_and_nothing_is_saved(
    client_for, manager_a, cluster_a, data, field
):
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 2, 1))
    member = MemberFactory(cluster=cluster_a)
    post = {"members": [member.pk], "delivered_on": "2017-05-05", **data}
    response = client_for(manager_a).post(f"/services/{service.pk}/deliver/", post)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not ServiceDelivery.objects.exists()


def test_delivery_to_a_member_of_another_cluster_is_a_field_error(
    client_for, manager_a, cluster_a, member_a, member_b
):
    service = ServiceFactory(cluster=cluster_a)
    response = client_for(manager_a).post(
        f"/services/{service.pk}/deliver/",
        {"members": [member_a.pk, member_b.pk], "delivered_on": "2017-05-05"},
    )
    assert response.status_code == 400
    assert "is not a member of this cluster" in str(response.context["form"].errors["members"])
    assert not ServiceDelivery.objects.exists()


def test_delivery_form_filters_members_without_javascript(client_for, manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a)
    MemberFactory(cluster=cluster_a, name="Cantina Murgia Srl")
    MemberFactory(cluster=cluster_a, name="Frantoio Salento Srl")
    MemberFactory(cluster=cluster_a, name="Universita", member_type="university")
    MemberFactory(cluster=cluster_a, name="Cantina Gone Srl", left_on=dt.date(2020, 1, 1))
    client = client_for(manager_a)
    shown = client.get(f"/services/{service.pk}/deliver/?q=cantina").context["members"]
    assert [m.name for m in shown] == ["Cantina Murgia Srl"]
    shown = client.get(f"/services/{service.pk}/deliver/?type=university").context["members"]
    assert [m.name for m in shown] == ["Universita"]


def test_other_clusters_services_are_404_and_viewers_cannot_change(
    client_for, manager_b, viewer_a, cluster_a
):
    service = ServiceFactory(cluster=cluster_a)
    client = client_for(manager_b)
    for url in (
        f"/services/{service.pk}/",
        f"/services/{service.pk}/edit/",
        f"/services/{service.pk}/deliver/",
        f"/services/{service.pk}/import/",
        "/services/new/alpha/",
        "/services/excellence/alpha/",
    ):
        assert client.get(url).status_code == 404, url
    assert service.name not in client.get("/services/").content.decode()
    viewer = client_for(viewer_a)
    assert viewer.get(f"/services/{service.pk}/").status_code == 200
    assert viewer.get(f"/services/{service.pk}/deliver/").status_code == 403
    assert viewer.post("/services/new/alpha/", service_form()).status_code == 403


def test_service_edit_keeps_history_on_the_page(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    client.post("/services/new/alpha/", service_form())
    service = Service.objects.get()
    response = client.post(f"/services/{service.pk}/edit/", service_form(price_max="700"))
    assert response.status_code == 302
    page = client.get(f"/services/{service.pk}/").content.decode()
    assert "highest price: 600.00 → 700.00" in page


def test_delivery_import_applies_whole_or_not_at_all(client_for, manager_a, cluster_a, member_b):
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 2, 1))
    MemberFactory(cluster=cluster_a, name="Cantina Murgia Srl")
    MemberFactory(cluster=cluster_a, name="Frantoio Salento Srl", vat_number="IT123")
    client = client_for(manager_a)

    bad = io.BytesIO(
        b"member,vat_number,delivered_on,hours\n"
        b"Cantina Murgia Srl,,2017-03-01,2\n"
        b"Beta Secret Kft,,2017-03-01,\n"
        b",IT123,2017-01-01,\n"
        b"Cantina Murgia Srl,,2017-03-01,\n"
    )
    bad.name = "deliveries.csv"
    response = client.post(f"/services/{service.pk}/import/", {"file": bad})
    assert response.status_code == 400
    lines = sorted((e.line, e.column) for e in response.context["errors"])
    assert lines == [(3, "member"), (4, "delivered_on"), (5, "member")]
    assert not ServiceDelivery.objects.exists()

    good = io.BytesIO(
        b"member,vat_number,delivered_on,hours\n"
        b"Cantina Murgia Srl,,2017-03-01,2\n"
        b"anything,IT123,2017-03-02,1.5\n"
    )
    good.name = "deliveries.csv"
    response = client.post(f"/services/{service.pk}/import/", {"file": good})
    assert response.status_code == 302
    assert ServiceDelivery.objects.count() == 2


def test_reference_portfolio_and_coverage_on_the_cluster_page(
    client_for, coordinator, manager_a, cluster_a
):
    client = client_for(coordinator)
    category = service_category("internationalisation")
    response = client.post(
        "/services/reference/",
        {"name": "Export support", "category": category.pk, "description": "", "position": 1},
    )
    assert response.status_code == 302
    assert ReferenceService.objects.count() == 1
    # The same category twice is a field error.
    response = client.post(
        "/services/reference/",
        {"name": "Again", "category": category.pk, "description": "", "position": 2},
    )
    assert response.status_code == 400
    assert client_for(manager_a).get("/services/reference/").status_code == 403

    page = client_for(manager_a).get("/clusters/alpha/").content.decode()
    assert "Export support" in page and "missing" in page
    service = ServiceFactory(cluster=cluster_a, category=category, name="Export desk")
    ServiceDeliveryFactory(service=service, member=MemberFactory(cluster=cluster_a))
    page = client_for(manager_a).get("/clusters/alpha/").content.decode()
    assert "Export desk" in page and "offered" in page


def test_mapping_refuses_a_revenue_mix_that_does_not_add_up(client_for, manager_a, cluster_a):
    data = {
        "answered_on": "2017-01-20",
        "initial_goals": "Grow exports",
        "goals_pursued": "yes",
        "services_provided": "Matchmaking",
        "revenue_public": "70",
        "revenue_membership": "20",
        "revenue_services": "5",
        "revenue_other": "0",
        "sustainability_outlook": "uncertain",
        "committed_members": "15",
    }
    client = client_for(manager_a)
    response = client.post("/services/mappings/alpha/baseline/", data)
    assert response.status_code == 400
    assert "revenue_other" in response.context["form"].errors
    assert not ServiceMapping.objects.exists()
    data["revenue_other"] = "5"
    assert client.post("/services/mappings/alpha/baseline/", data).status_code == 302
    data["revenue_public"], data["revenue_services"] = "60", "15"
    assert client.post("/services/mappings/alpha/mid_term/", data).status_code == 302
    page = client.get("/services/mappings/")
    assert [m and m.period for m in page.context["rows"][0]["periods"]] == [
        "baseline",
        "mid_term",
        None,
    ]


def test_excellence_check_compared_with_the_previous(client_for, manager_a, cluster_a):
    from services.excellence import ITEM_CODES

    client = client_for(manager_a)
    for day, rating in (("2017-01-10", "red"), ("2018-01-10", "green")):
        data = {"checked_on": day}
        for item in ITEM_CODES:
            data[f"{item}_rating"] = rating
            data[f"{item}_note"] = ""
        assert client.post("/services/excellence/alpha/new/", data).status_code == 302
    page = client.get("/services/excellence/alpha/")
    first_row = page.context["areas"][0][1][0]
    assert first_row["now"].rating == "green" and first_row["before"].rating == "red"
    assert first_row["trend"] == "up"


def test_coordinator_edits_the_category_list(client_for, coordinator, manager_a):
    from services.models import ServiceCategory

    client = client_for(coordinator)
    response = client.post(
        "/services/categories/",
        {"name": "Digital transformation", "slug": "digital", "position": 11},
    )
    assert response.status_code == 302
    assert ServiceCategory.objects.filter(slug="digital").exists()
    response = client.post(
        "/services/categories/", {"name": "Internationalisation", "slug": "again", "position": 12}
    )
    assert response.status_code == 400 and "name" in response.context["form"].errors
    assert client_for(manager_a).get("/services/categories/").status_code == 403
