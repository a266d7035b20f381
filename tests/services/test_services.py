"""Writes of the services app: history kept, bulk deliveries counted, bad input refused."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from clusters import services as cluster_services
from services import services
from services.models import Service, ServiceChange, ServiceDelivery, ServiceMapping
from tests.factories import (
    MemberFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    service_category,
)

pytestmark = pytest.mark.django_db


def new_service(actor, cluster, **overrides):
    fields = {
        "name": "Export coaching",
        "category": service_category("internationalisation"),
        "fee_model": "fee_based",
        "price_min": Decimal("100"),
        "price_max": Decimal("400"),
        "currency": "eur",
        "status": "new",
        "status_since": dt.date(2017, 3, 1),
        "delivery_channel": "blended",
        "target_member_types": ["sme"],
    }
    fields.update(overrides)
    return services.service_create(actor=actor, cluster=cluster, **fields)


def test_creating_and_changing_a_service_keeps_its_history(manager_a, cluster_a):
    service = new_service(manager_a, cluster_a)
    assert service.currency == "EUR"
    services.service_update(actor=manager_a, service=service, price_max=Decimal("500"))
    services.service_update(actor=manager_a, service=service, price_max=Decimal("500"))  # no-op

    changes = list(ServiceChange.objects.filter(service=service).order_by("pk"))
    assert [c.action for c in changes] == ["created", "updated"]
    assert changes[0].changes["name"] == [None, "Export coaching"]
    assert changes[1].changes == {"price_max": ["400.00", "500.00"]}
    assert changes[1].changed_by == manager_a


def test_another_clusters_manager_cannot_create_or_change(manager_b, manager_a, cluster_a):
    with pytest.raises(PermissionDenied):
        new_service(manager_b, cluster_a)
    service = new_service(manager_a, cluster_a)
    with pytest.raises(PermissionDenied):
        services.service_update(actor=manager_b, service=service, name="Taken over")
    assert Service.objects.get().name == "Export coaching"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price_min": Decimal("-1")}, "price_min"),
        ({"price_min": Decimal("50"), "price_max": Decimal("10")}, "price_max"),
        ({"status": "improved", "status_since": None}, "status_since"),
        ({"fee_model": "fee_based", "price_min": None, "price_max": None}, "price_min"),
        ({"target_member_types": ["martians"]}, "target_member_types"),
        ({"currency": "euro"}, "currency"),
    ],
)
def test_bad_service_input_is_a_field_error_and_nothing_is_saved(
    manager_a, cluster_a, overrides, field
):
    with pytest.raises(ValidationError) as error:
        new_service(manager_a, cluster_a, **overrides)
    assert field in error.value.message_dict
    assert not Service.objects.exists()
    assert not ServiceChange.objects.exists()


def test_a_negative_price_is_refused_by_the_database_too(cluster_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceFactory(cluster=cluster_a, price_min=Decimal("-5"))


def test_bulk_delivery_to_40_members_reports_created_and_already_recorded(manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a, status_since=dt.date(2017, 1, 1))
    members = [MemberFactory(cluster=cluster_a, name=f"SME {n:02d}") for n in range(40)]

    result = services.delivery_record_bulk(
        actor=manager_a,
        service=service,
        members=members[:10],
        delivered_on=dt.date(2017, 5, 2),
        hours=Decimal("2.5"),
        outcome="Workshop",
    )
    assert (result.created, result.already_recorded) == (10, 0)

    result = services.delivery_record_bulk(
        actor=manager_a, service=service, members=members, delivered_on=dt.date(2017, 5, 2)
    )
    assert (result.created, result.already_recorded) == (30, 10)
    assert ServiceDelivery.objects.count() == 40
    # The same members on another day is another delivery.
    result = services.delivery_record_bulk(
        actor=manager_a, service=service, members=members[:3], delivered_on=dt.date(2017, 5, 3)
    )
    assert (result.created, result.already_recorded) == (3, 0)


def test_the_same_member_service_and_day_twice_is_refused_by_the_database(cluster_a):
    service = ServiceFactory(cluster=cluster_a)
    member = MemberFactory(cluster=cluster_a)
    ServiceDelivery.objects.create(service=service, member=member, delivered_on=dt.date(2017, 6, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceDelivery.objects.create(
            service=service, member=member, delivered_on=dt.date(2017, 6, 1)
        )


@pytest.mark.parametrize(
    ("day", "field"),
    [
        (dt.date(2017, 2, 28), "delivered_on"),  # before the new service was launched
        (dt.date(2016, 11, 15), "delivered_on"),  # before the project
        (dt.date(2018, 11, 16), "delivered_on"),  # after the project
    ],
)
def test_deliveries_outside_the_service_or_project_dates_are_refused(
    manager_a, cluster_a, day, field
):
    service = ServiceFactory(cluster=cluster_a, status="new", status_since=dt.date(2017, 3, 1))
    members = [MemberFactory(cluster=cluster_a) for _ in range(3)]
    with pytest.raises(ValidationError) as error:
        services.delivery_record_bulk(
            actor=manager_a, service=service, members=members, delivered_on=day
        )
    assert list(error.value.message_dict) == [field]
    assert not ServiceDelivery.objects.exists()


def test_an_improved_service_may_be_delivered_before_its_improvement(manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a, status="improved", status_since=dt.date(2018, 1, 1))
    result = services.delivery_record_bulk(
        actor=manager_a,
        service=service,
        members=[MemberFactory(cluster=cluster_a)],
        delivered_on=dt.date(2017, 1, 10),
    )
    assert result.created == 1


def test_a_member_of_another_cluster_spoils_the_whole_batch(manager_a, cluster_a, member_b):
    service = ServiceFactory(cluster=cluster_a)
    own = [MemberFactory(cluster=cluster_a) for _ in range(5)]
    with pytest.raises(ValidationError) as error:
        services.delivery_record_bulk(
            actor=manager_a,
            service=service,
            members=[*own, member_b],
            delivered_on=dt.date(2017, 6, 1),
        )
    assert "Beta Secret Kft is not a member of this cluster." in error.value.message_dict["members"]
    assert not ServiceDelivery.objects.exists()


def test_a_member_who_left_keeps_past_deliveries_but_gets_no_new_ones(manager_a, cluster_a):
    service = ServiceFactory(cluster=cluster_a)
    member = MemberFactory(cluster=cluster_a)
    services.delivery_record_bulk(
        actor=manager_a, service=service, members=[member], delivered_on=dt.date(2017, 6, 1)
    )
    cluster_services.member_update(actor=manager_a, member=member, left_on=dt.date(2017, 12, 31))
    assert ServiceDelivery.objects.filter(member=member).count() == 1
    with pytest.raises(ValidationError) as error:
        services.delivery_record_bulk(
            actor=manager_a, service=service, members=[member], delivered_on=dt.date(2018, 1, 5)
        )
    assert "members" in error.value.message_dict
    assert ServiceDelivery.objects.filter(member=member).count() == 1


def test_mapping_revenue_mix_must_add_up_to_100(manager_a, cluster_a):
    fields = {
        "period": "baseline",
        "answered_on": dt.date(2017, 1, 20),
        "initial_goals": "Grow exports",
        "goals_pursued": "yes",
        "revenue_public": 60,
        "revenue_membership": 20,
        "revenue_services": 10,
        "revenue_other": 5,
        "sustainability_outlook": "uncertain",
        "committed_members": 15,
    }
    with pytest.raises(ValidationError) as error:
        services.mapping_save(actor=manager_a, cluster=cluster_a, **fields)
    assert "revenue_other" in error.value.message_dict
    assert not ServiceMapping.objects.exists()
    fields["revenue_other"] = 10
    mapping = services.mapping_save(actor=manager_a, cluster=cluster_a, **fields)
    assert mapping.answered_by == manager_a
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceMapping.objects.filter(pk=mapping.pk).update(revenue_other=11)


def test_a_member_with_deliveries_cannot_be_deleted(cluster_a):
    from django.db.models import ProtectedError

    delivery = ServiceDeliveryFactory(service=ServiceFactory(cluster=cluster_a))
    with pytest.raises(ProtectedError):
        delivery.member.delete()
    assert ServiceDelivery.objects.count() == 1
