"""The report history (page and API) makes the same number of queries with 1 row as with 40."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracekei.reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def add_requests(count, *, user, cluster):
    ReportRequest.objects.bulk_create(
        ReportRequest(
            project=cluster.project,
            report_type="cluster-profile" if n % 2 else "kpi-progress",
            cluster=cluster if n % 2 else None,
            requested_by=user,
        )
        for n in range(count)
    )


@pytest.mark.parametrize("url", ["/reports/", "/api/reports/"])
def test_the_history_needs_a_fixed_number_of_queries(
    url, client_for, coordinator, cluster_a, django_assert_num_queries
):
    client = client_for(coordinator)
    add_requests(2, user=coordinator, cluster=cluster_a)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_requests(40, user=coordinator, cluster=cluster_a)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
