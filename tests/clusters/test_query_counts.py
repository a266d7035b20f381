"""Every list page and list endpoint makes the same number of SQL queries with 1 row as
with 50: nothing is loaded row by row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    ClusterFactory,
    LabelAwardFactory,
    MemberFactory,
    SectorFactory,
    make_coordinator,
    make_manager,
)

pytestmark = pytest.mark.django_db

URLS = [
    pytest.param("/", id="dashboard"),
    pytest.param("/clusters/", id="cluster-list"),
    pytest.param("/members/", id="member-list"),
    pytest.param("/members/?export=csv", id="member-csv"),
    pytest.param("/members/?export=xlsx", id="member-xlsx"),
    pytest.param("/api/clusters/", id="api-clusters"),
    pytest.param("/api/members/", id="api-members"),
]

MANY = 50


def add_labels(cluster, today):
    """A current label expiring soon, an expired one and a future one: every label branch."""
    LabelAwardFactory(
        cluster=cluster,
        level="silver",
        awarded_on=today - dt.timedelta(days=600),
        valid_until=today + dt.timedelta(days=30),
    )
    LabelAwardFactory(
        cluster=cluster,
        level="bronze",
        awarded_on=today - dt.timedelta(days=2000),
        valid_until=today - dt.timedelta(days=1000),
    )
    LabelAwardFactory(
        cluster=cluster,
        level="gold",
        awarded_on=today + dt.timedelta(days=10),
        valid_until=today + dt.timedelta(days=700),
    )


def add_members(cluster, count, sectors, *, prefix):
    today = timezone.localdate()
    for number in range(count):
        member = MemberFactory(
            cluster=cluster,
            name=f"{prefix} member {number:02d}",
            member_type=["sme", "university", "research", "public_body"][number % 4],
            vat_number=f"{prefix}{number}",
            joined_on=today - dt.timedelta(days=100 + number),
            left_on=today - dt.timedelta(days=5) if number % 10 == 9 else None,
        )
        member.sectors.set(sectors[number % len(sectors) :][:2] or sectors[:1])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = response.getvalue()  # a streamed export runs its queries while it is read
    assert response.status_code == 200, (url, response.status_code)
    response.body = body
    return [query["sql"] for query in queries.captured_queries], response


@pytest.mark.parametrize("role", ["coordinator", "manager"])
@pytest.mark.parametrize("url", URLS)
def test_same_number_of_queries_for_1_and_50_rows(client_for, project, role, url):
    today = timezone.localdate()
    sectors = [SectorFactory(name=f"Sector {n}", slug=f"sector-{n}") for n in range(3)]
    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    home.sectors.set(sectors[:1])
    add_labels(home, today)
    add_members(home, 1, sectors, prefix="HOME")
    user = (
        make_coordinator(project, email="counting.coordinator@portal.example")
        if role == "coordinator"
        else make_manager(home, email="counting.manager@portal.example")
    )
    client = client_for(user)
    client.get(url)  # warm-up: one-off caches (content types, translations) are not rows

    one_row, small = count_queries(client, url)

    # Grow to 50 visible members over several clusters, with sectors and labels.
    others = [
        ClusterFactory(project=project, acronym=f"OTHER{n}", slug=f"other-{n}") for n in range(4)
    ]
    for cluster in others:
        cluster.sectors.set(sectors)
        add_labels(cluster, today)
    if role == "coordinator":
        add_members(home, 9, sectors, prefix="HOMEMORE")
        for number, cluster in enumerate(others):
            add_members(cluster, 10, sectors, prefix=f"O{number}")
        visible_members = MANY
    else:
        add_members(home, MANY - 1, sectors, prefix="HOMEMORE")
        for number, cluster in enumerate(others):
            add_members(cluster, 3, sectors, prefix=f"HIDDEN{number}")  # not the manager's
        visible_members = MANY

    many_rows, large = count_queries(client, url)

    # The second request really did show more rows.
    if url == "/members/":
        assert small.context["page"].paginator.count == 1
        assert large.context["page"].paginator.count == visible_members
    elif url == "/api/members/":
        assert small.json()["count"] == 1
        assert large.json()["count"] == visible_members
    elif url == "/members/?export=csv":
        assert large.body.count(b"\n") == visible_members + 1
        assert small.body.count(b"\n") == 2
    elif url == "/clusters/" or url == "/":
        expected = 5 if role == "coordinator" else 1
        assert len(large.context["clusters"]) == expected
    elif url == "/api/clusters/":
        expected = 5 if role == "coordinator" else 1
        assert large.json()["count"] == expected
    else:
        assert len(large.content) > len(small.content)

    assert len(many_rows) == len(one_row), "\n".join(
        ["with 1 row:", *one_row, "", f"with {MANY} rows:", *many_rows]
    )
