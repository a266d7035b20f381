"""The consortium matrix at scale: one page of clusters, the totals over every cluster
(cached), a fixed number of queries whatever the number of clusters, services and
deliveries, and the same figures as counting them one by one."""

import datetime as dt

import pytest
from django.core.cache import cache

from clusters.models import Member
from services import services as service_writes
from services.models import ReferenceService, Service, ServiceDelivery
from services.views import MATRIX_CLUSTERS_PER_PAGE
from tests.factories import (
    ClusterFactory,
    MemberFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_coordinator,
    service_category,
)

pytestmark = pytest.mark.django_db

CATEGORIES = ["internationalisation", "training-skills", "finance-funding"]
# session, user, coordinator check (view), cluster count, page of clusters, categories,
# page's services, page's deliveries, newest delivery, reference categories
WARM = 11
# With the cache cleared: the totals by category (services, deliveries) and whether any
# project requires two-factor log-in (tracekei.security, cached until a policy changes).
COLD = WARM + 3


def grow(project, *, clusters, start=0):
    for number in range(start, start + clusters):
        cluster = ClusterFactory(project=project, acronym=f"C{number:04}", slug=f"c-{number}")
        member = MemberFactory(cluster=cluster, vat_number=f"V{number}")
        for index, slug in enumerate(CATEGORIES[: 1 + number % len(CATEGORIES)]):
            service = ServiceFactory(
                cluster=cluster,
                category=service_category(slug),
                fee_model="fee_based" if index % 2 else "free",
                price_min=10 if index % 2 else None,
            )
            if (number + index) % 2 == 0:
                ServiceDeliveryFactory(service=service, member=member)


@pytest.fixture
def coordinator_client(client_for, project):
    ReferenceService.objects.create(
        project=project, category=service_category("internationalisation"), name="Export"
    )
    return client_for(make_coordinator(project, email="matrix.coordinator@portal.example"))


@pytest.mark.parametrize("page", ["", "?page=2"])
def test_constant_queries_at_two_sizes_cold_and_warm(
    coordinator_client, project, django_assert_num_queries, page
):
    grow(project, clusters=MATRIX_CLUSTERS_PER_PAGE + 3)
    for size in ("small", "large"):
        if size == "large":
            grow(project, clusters=MATRIX_CLUSTERS_PER_PAGE * 2, start=1000)
        cache.clear()
        with django_assert_num_queries(COLD):
            assert coordinator_client.get(f"/services/matrix/{page}").status_code == 200
        with django_assert_num_queries(WARM):
            assert coordinator_client.get(f"/services/matrix/{page}").status_code == 200


def test_a_page_of_clusters_and_totals_over_all_of_them(coordinator_client, project):
    grow(project, clusters=MATRIX_CLUSTERS_PER_PAGE + 7)
    first = coordinator_client.get("/services/matrix/").context["matrix"]
    second = coordinator_client.get("/services/matrix/?page=2").context["matrix"]
    visible = {c.cluster.pk for c in first.rows} | {c.cluster.pk for c in second.rows}
    assert len(first.rows) == MATRIX_CLUSTERS_PER_PAGE
    assert len(second.rows) == 7 and len(visible) == MATRIX_CLUSTERS_PER_PAGE + 7
    assert first.totals == second.totals  # every cluster, whatever the page
    for column, category in enumerate(first.categories):
        services = Service.objects.filter(category=category)
        deliveries = ServiceDelivery.objects.filter(service__category=category)
        total = first.totals[column]
        assert total.services == services.count()
        assert total.paid == services.filter(fee_model__in=["fee_based", "mixed"]).count()
        assert total.deliveries == deliveries.count()
        assert total.delivered_services == deliveries.values("service").distinct().count()
        on_pages = [row.cells[column] for row in first.rows + second.rows]
        assert total.services == sum(cell.services for cell in on_pages)
        assert total.deliveries == sum(cell.deliveries for cell in on_pages)
    assert first.total.deliveries == ServiceDelivery.objects.count() > 0


def test_the_cached_totals_follow_every_change(
    coordinator_client, project, coordinator, django_capture_on_commit_callbacks
):
    grow(project, clusters=3)

    def totals():  # internationalisation: every grown cluster has a service of it
        matrix = coordinator_client.get("/services/matrix/").context["matrix"]
        column = [category.slug for category in matrix.categories].index("internationalisation")
        return matrix.totals[column]

    before = totals()
    service = Service.objects.filter(category__slug="internationalisation").first()
    member = Member.objects.filter(cluster=service.cluster).first()
    # a delivery recorded through the portal
    with django_capture_on_commit_callbacks(execute=True):
        service_writes.delivery_record_bulk(
            actor=coordinator, service=service, members=[member], delivered_on=dt.date(2018, 1, 5)
        )
    assert totals().deliveries == before.deliveries + 1
    # a delivery deleted (as from the admin): not the newest one, so only the signal tells
    oldest = ServiceDelivery.objects.filter(service__category__slug="internationalisation")
    oldest.order_by("pk").first().delete()
    assert totals().deliveries == before.deliveries
    # a new service through the portal
    with django_capture_on_commit_callbacks(execute=True):
        service_writes.service_create(
            actor=coordinator,
            cluster=service.cluster,
            name="Brand new",
            category=service_category("internationalisation"),
            status="existing",
            fee_model="free",
        )
    assert totals().services == before.services + 1
