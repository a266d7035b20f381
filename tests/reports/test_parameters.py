"""A report's parameters (period, cluster or consortium, strategy version) and the
"Download PDF" entries of the strategy pages."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from strategy.models import StrategyVersion
from tests.factories import make_manager, make_strategy
from tests.reports.conftest import pdf_pages
from tracekei.reports import services
from tracekei.reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def test_a_period_ending_before_it_starts_is_a_field_error_and_nothing_is_saved(
    client_for, coordinator
):
    response = client_for(coordinator).post(
        "/reports/",
        {
            "report_type": "kpi-progress",
            "language": "en",
            "period_start": "2018-01-01",
            "period_end": "2017-01-01",
        },
    )
    assert "The period cannot end before it starts." in response.content.decode()
    assert 'value="2018-01-01"' in response.content.decode()
    assert not ReportRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.report_request(
            actor=coordinator,
            report_type="kpi-progress",
            project=coordinator.role_assignments.get().project,
            period_start=dt.date(2018, 1, 1),
            period_end=dt.date(2017, 1, 1),
        )


def test_the_period_asked_for_is_on_the_cover_and_kept_when_regenerated(
    client_for, coordinator, project
):
    response = client_for(coordinator).post(
        "/reports/",
        {
            "report_type": "dissemination",
            "language": "en",
            "period_start": "2017-03-01",
            "period_end": "2017-09-30",
        },
    )
    row = ReportRequest.objects.get()
    assert response.url == f"/reports/{row.pk}/"
    assert (row.period_start, row.period_end, row.cluster) == (
        dt.date(2017, 3, 1),
        dt.date(2017, 9, 30),
        None,
    )
    again = services.report_regenerate(actor=coordinator, previous=row)
    assert (again.period_start, again.period_end) == (row.period_start, row.period_end)
    row = services.report_generate(request_id=row.pk)
    from django.core.files.storage import default_storage

    cover = pdf_pages(default_storage.path(row.file.name))[0]
    assert "1 March 2017 \u2013 30 September 2017" in cover


def test_a_consortium_report_needs_a_coordinator(client_for, manager_a, cluster_a):
    with pytest.raises(ValidationError):
        services.report_request(
            actor=manager_a, report_type="cluster-strategy", project=cluster_a.project
        )
    response = client_for(manager_a).post(
        "/reports/", {"report_type": "services-mapping", "cluster": "", "language": "en"}
    )
    assert "Choose the cluster of this report." in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_an_option_the_report_does_not_read_is_refused(coordinator, project):
    with pytest.raises(ValidationError):
        services.report_request(
            actor=coordinator, report_type="kpi-progress", project=project, options={"x": 1}
        )


def test_the_strategy_page_asks_for_its_version_as_a_pdf(
    client_for, cluster_a, cluster_b, viewer_a, coordinator
):
    manager = make_manager(cluster_a)
    strategy = make_strategy(cluster_a, actor=manager)
    version = StrategyVersion.objects.get(strategy=strategy)
    url = f"/strategies/{strategy.pk}/v{version.number}/pdf/"
    page = client_for(manager).get(f"/strategies/{strategy.pk}/v{version.number}/")
    assert url in page.content.decode()
    response = client_for(manager).post(url)
    row = ReportRequest.objects.get()
    assert response.url == f"/reports/{row.pk}/"
    assert (row.report_type, row.cluster, row.options) == (
        "cluster-strategy",
        cluster_a,
        {"version": version.pk},
    )
    # A viewer sees the page without the entry and, reading the version, is refused its
    # document (403); another cluster's manager, who cannot see it, gets 404.
    assert url not in client_for(viewer_a).get(f"/strategies/{strategy.pk}/").content.decode()
    assert client_for(viewer_a).post(url).status_code == 403
    assert client_for(make_manager(cluster_b)).post(url).status_code == 404
    assert ReportRequest.objects.count() == 1


def test_the_joint_strategy_pdf_is_the_coordinators(client_for, coordinator, manager_a):
    assert (
        "/strategies/joint/pdf/"
        in client_for(coordinator).get("/strategies/joint/").content.decode()
    )
    response = client_for(coordinator).post("/strategies/joint/pdf/")
    row = ReportRequest.objects.get()
    assert response.url == f"/reports/{row.pk}/" and row.report_type == "joint-strategy"
    assert client_for(manager_a).post("/strategies/joint/pdf/").status_code == 404
    assert ReportRequest.objects.count() == 1


def test_the_api_takes_the_period_and_refuses_a_bad_one_with_400(client_for, coordinator):
    client = client_for(coordinator)
    bad = client.post(
        "/api/reports/",
        {"report_type": "kpi-progress", "period_start": "2018-01-01", "period_end": "2017-01-01"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "period_end" in bad.json()
    unknown = client.post(
        "/api/reports/",
        {"report_type": "kpi-progress", "options": {"colour": "red"}},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "options" in unknown.json()
    assert not ReportRequest.objects.exists()
    good = client.post(
        "/api/reports/",
        {"report_type": "kpi-progress", "period_start": "2017-01-01"},
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["period_start"] == "2017-01-01"
