"""Every services list, the matrix and the cluster page's panel make the same number of
SQL queries at two data sizes: nothing is loaded row by row."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import ReferenceService, ServiceMapping
from tests.factories import (
    ClusterFactory,
    MemberFactory,
    ServiceDeliveryFactory,
    ServiceFactory,
    make_coordinator,
    make_manager,
    service_category,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/services/",
    "/services/{service}/",
    "/services/{service}/deliver/",
    "/services/matrix/",
    "/services/mappings/",
    "/services/categories/",
    "/services/excellence/home/",
    "/clusters/home/",
    "/api/services/",
    "/api/service-deliveries/",
    "/api/service-mappings/",
]
CATEGORIES = ["internationalisation", "training-skills", "finance-funding", "innovation-rd"]


def grow(cluster, *, services, members, prefix):
    people = [
        MemberFactory(cluster=cluster, name=f"{prefix} member {n}", vat_number=f"{prefix}{n}")
        for n in range(members)
    ]
    made = []
    for number in range(services):
        service = ServiceFactory(
            cluster=cluster,
            name=f"{prefix} service {number}",
            category=service_category(CATEGORIES[number % len(CATEGORIES)]),
            fee_model=["free", "fee_based", "mixed"][number % 3],
            price_min=None if number % 3 == 0 else 10,
        )
        for day, member in enumerate(people):
            ServiceDeliveryFactory(
                service=service, member=member, delivered_on=dt.date(2017, 3, 1 + day % 27)
            )
        made.append(service)
    return made


def count(client, url):
    cache.clear()  # the matrix caches its totals: count the real work
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in queries.captured_queries]


CASES = [
    pytest.param(role, url, id=f"{role}-{url}")
    for role in ("coordinator", "manager")
    for url in URLS
    # the coordinator's pages
    if not (role == "manager" and url in ("/services/matrix/", "/services/categories/"))
]


@pytest.mark.parametrize(("role", "url"), CASES)
def test_same_number_of_queries_at_two_sizes(client_for, project, role, url):
    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    first = grow(home, services=1, members=1, prefix="H")[0]
    ServiceMapping.objects.create(
        cluster=home,
        period="baseline",
        answered_on=dt.date(2017, 1, 1),
        initial_goals="Grow",
        goals_pursued="yes",
        revenue_public=100,
        sustainability_outlook="stable",
        committed_members=1,
    )
    ReferenceService.objects.create(
        project=project, category=service_category("internationalisation"), name="Export"
    )
    if role == "coordinator":
        user = make_coordinator(project, email="count.coordinator@portal.example")
    else:
        user = make_manager(home, email="count.manager@portal.example")
    client = client_for(user)
    url = url.format(service=first.pk)
    client.get(url)  # warm-up
    small = count(client, url)

    grow(home, services=6, members=8, prefix="HM")
    first_more = grow(home, services=0, members=5, prefix="HX")  # members without deliveries
    assert first_more == []
    for number in range(3):
        other = ClusterFactory(project=project, acronym=f"OTHER{number}", slug=f"other-{number}")
        grow(other, services=4, members=5, prefix=f"O{number}")
        ServiceMapping.objects.create(
            cluster=other,
            period="mid_term",
            answered_on=dt.date(2018, 1, 1),
            initial_goals="Grow",
            goals_pursued="yes",
            revenue_public=100,
            sustainability_outlook="stable",
            committed_members=1,
        )
    for member in MemberFactory._meta.model.objects.filter(cluster=home)[:5]:
        ServiceDeliveryFactory(service=first, member=member, delivered_on=dt.date(2018, 2, 2))
    large = count(client, url)

    assert len(large) == len(small), "\n".join(["small:", *small, "", "large:", *large])
