"""The strategy list pages and endpoints make the same number of queries with 1 row as
with many."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategy import services
from strategy.models import Ris3Priority
from tests.factories import FULL_HEADINGS, ClusterFactory, make_coordinator, make_strategy

pytestmark = pytest.mark.django_db


def add_strategy(cluster, actor, project, n):
    strategy = make_strategy(cluster, actor=actor, start_year=2010 + n, **FULL_HEADINGS)
    version = strategy.versions.get()
    priority, _ = Ris3Priority.objects.get_or_create(
        project=project, region=f"Region {n}", domain="Agro-food"
    )
    services.goal_save(
        actor=actor,
        version=version,
        objective=f"Export goal {n}",
        measurable_target="5",
        horizon_year=2020,
        tags="internationalisation",
        ris3_priorities=[priority],
    )
    services.planned_service_add(
        actor=actor, version=version, name=f"Desk {n}", category=f"cat {n % 3}", kind="new"
    )
    services.version_adopt(
        actor=actor, version=version, adopted_on=dt.date(2017, 6, 1), adopted_by_body="Board"
    )
    return strategy


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), response


URLS = [
    "/strategies/",
    "/strategies/ris3/",
    "/strategies/matching/",
    "/api/strategies/",
    "/api/ris3-priorities/",
    "STRATEGY/versions/",
]


@pytest.mark.parametrize("url", URLS)
def test_constant_queries(client_for, project, url):
    coordinator = make_coordinator(project, email="count.coordinator@portal.example")
    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    first = add_strategy(home, coordinator, project, 0)
    path = f"/api/strategies/{first.pk}/versions/" if url.startswith("STRATEGY") else url
    client = client_for(coordinator)
    client.get(path)
    small, _ = count(client, path)
    for n in range(1, 6):
        cluster = ClusterFactory(project=project, acronym=f"C{n}", slug=f"c-{n}")
        add_strategy(cluster, coordinator, project, n)
    strategy = first
    for _n in range(3):  # more versions of the first strategy
        version = services.version_create_next(actor=coordinator, strategy=strategy)
        services.version_adopt(
            actor=coordinator, version=version, adopted_on=dt.date(2018, 1, 1), adopted_by_body="B"
        )
    large, response = count(client, path)
    assert large == small, path
    if path == "/api/strategies/":
        assert response.json()["count"] == 6
    elif "versions" in path:
        assert response.json()["count"] == 4
