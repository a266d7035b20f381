"""The KPI pages and endpoints make the same number of SQL queries whatever the number of
clusters, members and days of history: they read snapshots (and, for the drill-down,
the calculator's one evidence query)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ClusterFactory, LabelAwardFactory, MemberFactory, make_manager
from tracekei.kpi.models import RollupRun
from tracekei.kpi.services import rollup_run

pytestmark = pytest.mark.django_db

URLS = [
    "/",
    "/kpis/",
    "/kpis/active_members/",
    "/kpis/active_members/?export=csv",
    "/kpis/active_members/?export=xlsx",
    "/kpis/new_bronze_labels/",
    "/api/kpis/",
    "/api/kpis/active_members/history/",
    "/api/kpis/active_members/evidence/",
]


def grow(project, clusters, *, days, members_each, start):
    for cluster in clusters:
        awarded_on = dt.date(2017, 5, 1) + dt.timedelta(days=start)
        LabelAwardFactory(cluster=cluster, level="bronze", awarded_on=awarded_on)
        for number in range(members_each):
            MemberFactory(cluster=cluster, name=f"{cluster.acronym} member {start + number}")
    for day in range(days):
        run = RollupRun.objects.create(project=project)
        rollup_run(run_id=run.pk, today=dt.date(2017, 1, 1) + dt.timedelta(days=start + day))


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries], response


@pytest.mark.parametrize("role", ["coordinator", "manager"])
@pytest.mark.parametrize("url", URLS)
def test_same_number_of_queries_small_and_large(client_for, project, coordinator, role, url):
    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    grow(project, [home], days=1, members_each=1, start=0)
    user = coordinator if role == "coordinator" else make_manager(home)
    client = client_for(user)
    client.get(url)  # warm-up: one-off caches are not rows
    small_queries, small = count(client, url)

    others = [ClusterFactory(project=project, acronym=f"O{n}", slug=f"o-{n}") for n in range(6)]
    grow(project, [home, *others], days=30, members_each=8, start=10)
    large_queries, large = count(client, url)

    assert large.content != small.content  # the larger data did reach the response
    assert len(large_queries) == len(small_queries), "\n".join(
        ["small:", *small_queries, "", "large:", *large_queries]
    )


def test_the_dashboard_makes_few_queries_whatever_the_number_of_indicators(
    client_for, project, coordinator, rollup, django_assert_max_num_queries
):
    rollup()  # creates the ~14 indicator rows
    client = client_for(coordinator)
    client.get("/kpis/")
    # session, user, roles (twice), project, its clusters and their count, indicators,
    # snapshots, last run: none per indicator (14 here)
    with django_assert_max_num_queries(10):
        assert client.get("/kpis/").status_code == 200


@pytest.mark.parametrize("role", ["coordinator", "manager"])
def test_the_reports_page_same_queries_for_1_and_many_reports(
    client_for, project, coordinator, role
):
    from decimal import Decimal

    from tracekei.kpi import reports
    from tracekei.kpi.models import Indicator

    home = ClusterFactory(project=project, acronym="HOME", slug="home")
    manager = make_manager(home)
    stories = Indicator.objects.create(
        project=project, code="success_stories", name="Success stories", kind="manual"
    )

    def report(month):
        made = reports.report_save(
            actor=manager,
            indicator=stories,
            cluster=home,
            period_end=dt.date(2017, month, 1),
            value=Decimal(1),
        )
        reports.report_submit(actor=manager, report=made)

    report(1)
    client = client_for(coordinator if role == "coordinator" else manager)
    url = "/kpis/success_stories/reports/"
    client.get(url)
    small_queries, small = count(client, url)
    for month in range(2, 13):
        report(month)
    large_queries, large = count(client, url)
    assert large.content.count(b"<tr>") == small.content.count(b"<tr>") + 11
    assert len(large_queries) == len(small_queries)
