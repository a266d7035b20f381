"""The services app's indicators on hand-counted fixtures."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.factories import (
    ClusterFactory,
    MemberFactory,
    ProjectFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
)
from tracekei.kpi.registry import Period, calculators

pytestmark = pytest.mark.django_db


@pytest.fixture
def period(project):
    return Period.of_project(project)


def test_smes_benefitting_counts_each_sme_once(period, project, cluster_a, cluster_b):
    new_a = ServiceFactory(cluster=cluster_a, name="Matchmaking", status="new")
    improved_a = ServiceFactory(
        cluster=cluster_a, name="Export desk", status="improved", status_since=dt.date(2017, 6, 1)
    )
    existing_a = ServiceFactory(
        cluster=cluster_a, name="Newsletter", status="existing", status_since=None
    )
    new_b = ServiceFactory(cluster=cluster_b, name="Energy audit", status="new")

    # 1. one SME, three services, two dates in alpha -> 1
    triple = MemberFactory(cluster=cluster_a, name="Triple Srl", vat_number="IT111")
    ServiceDeliveryFactory(service=new_a, member=triple, delivered_on=dt.date(2017, 2, 1))
    ServiceDeliveryFactory(service=new_a, member=triple, delivered_on=dt.date(2017, 3, 1))
    ServiceDeliveryFactory(service=improved_a, member=triple, delivered_on=dt.date(2017, 7, 1))
    # 2. the same company in alpha and beta (shared VAT number), served in both -> 1
    shared_a = MemberFactory(cluster=cluster_a, name="Shared Spa", vat_number="IT222")
    shared_b = MemberFactory(cluster=cluster_b, name="Shared Spa", vat_number="IT222", country="HU")
    ServiceDeliveryFactory(service=new_a, member=shared_a)
    ServiceDeliveryFactory(service=new_b, member=shared_b)
    # 3. an SME only in beta -> 1
    ServiceDeliveryFactory(service=new_b, member=MemberFactory(cluster=cluster_b, name="Beta Only"))
    # 4. an SME reached only by an existing service -> 0
    ServiceDeliveryFactory(service=existing_a, member=MemberFactory(cluster=cluster_a, name="Old"))
    # 5. an improved service delivered before its improvement -> 0
    ServiceDeliveryFactory(
        service=improved_a,
        member=MemberFactory(cluster=cluster_a, name="Too Early"),
        delivered_on=dt.date(2017, 5, 31),
    )
    # 6. a university, not an SME -> 0
    ServiceDeliveryFactory(
        service=new_a, member=MemberFactory(cluster=cluster_a, name="Uni", member_type="university")
    )
    # 7. a delivery after the project -> 0 (written directly: the service refuses it)
    ServiceDeliveryFactory(
        service=new_a,
        member=MemberFactory(cluster=cluster_a, name="Late"),
        delivered_on=dt.date(2018, 11, 16),
    )
    # 8. an SME who has left since keeps counting: history is never lost -> 1
    ServiceDeliveryFactory(
        service=new_a,
        member=MemberFactory(cluster=cluster_a, name="Gone", left_on=dt.date(2018, 1, 1)),
    )
    # 9. a cluster of another project never counts
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="other")
    ServiceDeliveryFactory(service=ServiceFactory(cluster=other))

    figures = calculators()["smes_benefitting"](period)

    assert calculators()["smes_benefitting"].distinct is True
    assert figures.total == 4  # Triple, Shared (once), Beta Only, Gone
    assert figures.by_cluster == {cluster_a.pk: 3, cluster_b.pk: 2}  # adds up to more: distinct
    evidence = calculators()["smes_benefitting"].evidence_fn(period)
    rows = list(evidence.rows)
    assert len(rows) == figures.total
    assert [row[0] for row in rows] == ["Beta Only", "Gone", "Shared Spa", "Triple Srl"]
    shared = rows[2]
    assert shared[2] == "ALPHA, BETA"
    assert shared[3] == "Energy audit (BETA); Matchmaking (ALPHA)"
    assert rows[3][3] == "Export desk (ALPHA); Matchmaking (ALPHA)"
    only_beta = list(calculators()["smes_benefitting"].evidence_fn(period, cluster_b.pk).rows)
    assert [row[0] for row in only_beta] == ["Beta Only", "Shared Spa"]


def test_fee_based_share_and_new_or_improved_services(period, project, cluster_a, cluster_b):
    ServiceFactory(cluster=cluster_a, fee_model="fee_based", price_min=10, status="new")
    ServiceFactory(
        cluster=cluster_a, fee_model="mixed", price_min=0, status="existing", status_since=None
    )
    ServiceFactory(
        cluster=cluster_a, fee_model="free", status="improved", status_since=dt.date(2018, 2, 1)
    )
    ServiceFactory(cluster=cluster_b, fee_model="membership", status="existing", status_since=None)
    ServiceFactory(
        cluster=cluster_b, fee_model="free", status="new", status_since=dt.date(2016, 1, 1)
    )

    share = calculators()["fee_based_services_share"](period)
    assert share.total == Decimal("40.0")  # 2 of 5
    assert share.by_cluster == {cluster_a.pk: Decimal("66.7"), cluster_b.pk: Decimal("0.0")}
    assert len(list(calculators()["fee_based_services_share"].evidence_fn(period).rows)) == 5

    counted = calculators()["new_or_improved_services"](period)
    assert counted.total == 2  # the one launched in 2016 is before the project
    assert counted.by_cluster == {cluster_a.pk: 2}
    rows = list(calculators()["new_or_improved_services"].evidence_fn(period).rows)
    assert len(rows) == 2


def test_no_services_no_division_by_zero(period):
    assert calculators()["fee_based_services_share"](period).total == 0
    assert calculators()["smes_benefitting"](period).total == 0
