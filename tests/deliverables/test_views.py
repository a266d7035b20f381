"""The register's pages: list with filters and the overdue flag, detail, forms, file."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.deliverables.conftest import pdf_upload
from tests.factories import ClusterFactory, DeliverableFactory, ProjectFactory
from tracekei.deliverables import services
from tracekei.deliverables.models import Deliverable

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=30)
FUTURE = TODAY + dt.timedelta(days=30)


def test_list_shows_the_project_and_flags_overdue(client_for, manager_a, cluster_a, cluster_b):
    DeliverableFactory(lead_cluster=cluster_b, number="D1.1", title="Late one", due_date=PAST)
    DeliverableFactory(lead_cluster=cluster_a, number="D1.2", title="Next one", due_date=FUTURE)
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="zeta")
    DeliverableFactory(lead_cluster=other, title="Not ours")
    page = client_for(manager_a).get(reverse("deliverables:list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Late one" in html and "Next one" in html and "Not ours" not in html
    assert html.count("Overdue</span>") == 1

    overdue = client_for(manager_a).get(reverse("deliverables:list"), {"overdue": "on"})
    assert "Late one" in overdue.content.decode()
    assert "Next one" not in overdue.content.decode()


def test_status_filter_and_a_bad_filter(client_for, coordinator, cluster_a):
    DeliverableFactory(lead_cluster=cluster_a, title="Pending one")
    browser = client_for(coordinator)
    assert "Pending one" in browser.get("/deliverables/?status=pending").content.decode()
    assert "Pending one" not in browser.get("/deliverables/?status=approved").content.decode()
    bad = browser.get("/deliverables/?status=nonsense")
    assert bad.status_code == 400 and "Pending one" not in bad.content.decode()


def test_detail_is_404_outside_the_project(client_for, manager_a):
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="zeta")
    deliverable = DeliverableFactory(lead_cluster=other)
    browser = client_for(manager_a)
    for name in ("detail", "download", "update"):
        assert (
            browser.get(reverse(f"deliverables:{name}", args=[deliverable.pk])).status_code == 404
        )


def test_detail_shows_history_and_only_allowed_forms(client_for, manager_a, manager_b, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, title="Mapping")
    services.deliverable_transition(
        actor=manager_a, deliverable=deliverable, to_status="draft", comment="Started writing"
    )
    mine = client_for(manager_a).get(deliverable.get_absolute_url()).content.decode()
    assert "Started writing" in mine and "Change the status" in mine and "Attach the file" in mine
    theirs = client_for(manager_b).get(deliverable.get_absolute_url()).content.decode()
    assert "Started writing" in theirs
    assert "Change the status" not in theirs and "Attach the file" not in theirs
    url = reverse("deliverables:transition", args=[deliverable.pk])
    assert client_for(manager_b).post(url, {"status": "submitted"}).status_code == 403


def test_late_submission_error_is_next_to_the_field(client_for, coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST)
    services.deliverable_attach_file(
        actor=coordinator, deliverable=deliverable, upload=pdf_upload()
    )
    url = reverse("deliverables:transition", args=[deliverable.pk])
    response = client_for(coordinator).post(url, {"status": "submitted", "comment": "kept text"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_late_justification_error"' in html
    assert "kept text" in html
    deliverable.refresh_from_db()
    assert deliverable.status == "pending"
    ok = client_for(coordinator).post(
        url, {"status": "submitted", "late_justification": "Partner data came late."}
    )
    assert ok.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == "submitted" and deliverable.submitted_late


def test_create_form_keeps_input_and_refuses_a_duplicate(client_for, coordinator, cluster_a):
    DeliverableFactory(lead_cluster=cluster_a, number="D1.1")
    browser = client_for(coordinator)
    data = {
        "number": "D1.1",
        "title": "Typed title",
        "work_package": "wp1",
        "lead_cluster": cluster_a.pk,
        "due_date": "2030-01-31",
    }
    response = browser.post(reverse("deliverables:create"), data)
    assert response.status_code == 400
    assert 'id="id_number_error"' in response.content.decode()
    assert "Typed title" in response.content.decode()
    data["number"] = "D1.2"
    assert browser.post(reverse("deliverables:create"), data).status_code == 302
    assert Deliverable.objects.filter(number="D1.2", project=cluster_a.project).exists()


def test_managers_cannot_open_the_create_form(client_for, manager_a, viewer_a):
    for user in (manager_a, viewer_a):
        assert client_for(user).get(reverse("deliverables:create")).status_code == 403


def test_upload_through_the_page_and_download_is_private(
    client_for, client, manager_a, viewer_a, cluster_a, settings
):
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    url = reverse("deliverables:attach", args=[deliverable.pk])
    bad = client_for(manager_a).post(url, {"file": pdf_upload("macro.xlsm")})
    assert bad.status_code == 400 and 'id="id_file_error"' in bad.content.decode()
    assert client_for(manager_a).post(url, {"file": pdf_upload("final.pdf")}).status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.file.name.startswith("private/deliverables/")
    assert "final" not in deliverable.file.name  # a random name on disk
    download = reverse("deliverables:download", args=[deliverable.pk])
    response = client_for(viewer_a).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="final.pdf"' in response["Content-Disposition"]
    client.logout()
    assert client.get(download).status_code == 302  # log-in first
    assert client.get(settings.MEDIA_URL + deliverable.file.name).status_code in (302, 404)


def test_coordinator_home_lists_due_next(client_for, coordinator, manager_a, cluster_a):
    DeliverableFactory(lead_cluster=cluster_a, title="Overdue thing", due_date=PAST)
    home = client_for(coordinator).get("/").content.decode()
    assert "Deliverables due next" in home and "Overdue thing" in home
    assert "Deliverables due next" not in client_for(manager_a).get("/").content.decode()


def test_query_count_of_the_list_is_constant(client_for, coordinator, cluster_a, cluster_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client_for(coordinator)
    counts = []
    for batch in (1, 30):
        for number in range(batch):
            DeliverableFactory(lead_cluster=cluster_a if number % 2 else cluster_b)
        for url in ("/deliverables/", "/api/deliverables/", "/"):
            with CaptureQueriesContext(connection) as queries:
                assert browser.get(url).status_code == 200
            counts.append((url, len(queries)))
    assert counts[:3] == [(url, n) for (url, n) in counts[3:]]
