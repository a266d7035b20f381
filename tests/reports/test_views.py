"""The report pages and the API: ask, follow, download; another cluster's report is 404."""

import pytest

from tracekei.reports import services
from tracekei.reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def status_of(client, url) -> int:
    response = client.get(url)
    if response.streaming:  # read a download to its end: the test client closes the file
        b"".join(response.streaming_content)
    return response.status_code


def done_report(actor, cluster=None, report_type="cluster-profile"):
    row = services.report_request(
        actor=actor,
        report_type=report_type,
        project=(cluster or actor.role_assignments.get()).project,
        cluster=cluster,
    )
    return services.report_generate(request_id=row.pk)


def test_a_manager_asks_for_the_cluster_report_and_downloads_it(
    client_for, manager_a, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    client = client_for(manager_a)
    assert client.get("/reports/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reports/",
            {"report_type": "cluster-profile", "cluster": "alpha", "language": "en"},
        )
    row = ReportRequest.objects.get()
    assert response.url == f"/reports/{row.pk}/"
    page = client.get(response.url).content.decode()
    assert f"/reports/{row.pk}/download/" in page
    download = client.get(f"/reports/{row.pk}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_pending_report_refreshes_and_offers_its_status_fragment(
    client_for, manager_a, cluster_a
):
    row = services.report_request(
        actor=manager_a, report_type="cluster-profile", project=cluster_a.project, cluster=cluster_a
    )  # no worker: still queued
    client = client_for(manager_a)
    page = client.get(f"/reports/{row.pk}/").content.decode()
    assert 'http-equiv="refresh"' in page and f"/reports/{row.pk}/?fragment=1" in page
    fragment = client.get(f"/reports/{row.pk}/?fragment=1").content.decode()
    assert 'data-run-status="queued"' in fragment and "<html" not in fragment
    assert status_of(client, f"/reports/{row.pk}/download/") == 404


def test_a_report_without_its_cluster_is_a_field_error_and_nothing_is_saved(
    client_for, coordinator
):
    response = client_for(coordinator).post(
        "/reports/", {"report_type": "cluster-profile", "cluster": "", "language": "it"}
    )
    assert response.status_code == 200
    assert "Choose the cluster of this report." in response.content.decode()
    assert 'value="it" selected' in response.content.decode()
    assert not ReportRequest.objects.exists()


def test_a_manager_cannot_ask_for_another_clusters_report(client_for, manager_a, cluster_b):
    response = client_for(manager_a).post(
        "/reports/", {"report_type": "cluster-profile", "cluster": "beta", "language": "en"}
    )
    assert response.status_code == 200  # "beta" is not among the choices
    assert not ReportRequest.objects.exists()


@pytest.mark.parametrize("path", ["", "?fragment=1", "download/"])
def test_another_clusters_report_is_404(client_for, manager_a, manager_b, viewer_a, path):
    row = done_report(manager_a, manager_a.role_assignments.get().cluster)
    assert status_of(client_for(manager_a), f"/reports/{row.pk}/{path}") == 200
    assert status_of(client_for(manager_b), f"/reports/{row.pk}/{path}") == 404
    assert status_of(client_for(viewer_a), f"/reports/{row.pk}/{path}") == 404


def test_the_consortium_report_is_the_coordinators_only(
    client_for, coordinator, manager_a, cluster_a, cluster_b
):
    row = done_report(coordinator, report_type="kpi-progress")
    b_report = done_report(coordinator, cluster_b)
    assert status_of(client_for(coordinator), f"/reports/{row.pk}/download/") == 200
    manager = client_for(manager_a)
    assert status_of(manager, f"/reports/{row.pk}/download/") == 404
    assert status_of(manager, f"/reports/{b_report.pk}/download/") == 404
    history = manager.get("/reports/").content.decode()
    assert f"/reports/{row.pk}/" not in history and f"/reports/{b_report.pk}/" not in history


def test_regenerate_makes_a_new_request(client_for, manager_a, cluster_a):
    row = done_report(manager_a, cluster_a)
    response = client_for(manager_a).post(f"/reports/{row.pk}/regenerate/")
    new = ReportRequest.objects.exclude(pk=row.pk).get()
    assert response.url == f"/reports/{new.pk}/" and new.status == "queued"


def test_a_viewer_has_no_report_page(client_for, viewer_a):
    assert client_for(viewer_a).get("/reports/").status_code == 404


# --- API ---------------------------------------------------------------------------


def test_the_api_asks_follows_and_downloads(
    client_for, manager_a, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    client = client_for(manager_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/reports/",
            {"report_type": "cluster-profile", "cluster": "alpha"},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    status = client.get(f"/api/reports/{pk}/").json()
    assert status["status"] == "done" and status["page_count"] >= 3
    assert status["download"].endswith(f"/api/reports/{pk}/download/")
    download = client.get(f"/api/reports/{pk}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_api_refuses_bad_input_with_400(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(
        "/api/reports/", {"report_type": "nope"}, content_type="application/json"
    )
    assert response.status_code == 400 and "report_type" in response.json()
    response = client.post(
        "/api/reports/",
        {"report_type": "cluster-profile", "cluster": "nowhere", "language": "xx"},
        content_type="application/json",
    )
    assert response.status_code == 400 and {"cluster", "language"} <= set(response.json())
    assert not ReportRequest.objects.exists()


def test_the_api_hides_another_clusters_reports(client_for, manager_a, manager_b, cluster_b):
    row = done_report(manager_b, cluster_b)
    client = client_for(manager_a)
    assert client.get("/api/reports/").json()["results"] == []
    assert status_of(client, f"/api/reports/{row.pk}/") == 404
    assert status_of(client, f"/api/reports/{row.pk}/download/") == 404
    response = client.post(
        "/api/reports/",
        {"report_type": "cluster-profile", "cluster": "beta"},
        content_type="application/json",
    )
    assert response.status_code == 400  # beta is not a cluster they can see


def test_the_api_refuses_a_viewer_their_clusters_report_with_403(client_for, viewer_a, cluster_a):
    response = client_for(viewer_a).post(
        "/api/reports/",
        {"report_type": "cluster-profile", "cluster": "alpha"},
        content_type="application/json",
    )
    assert response.status_code == 403  # they see the cluster, may not have its report
    assert not ReportRequest.objects.exists()
