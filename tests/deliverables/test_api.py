"""/api/deliverables/: scoped like the pages, 400 with field errors."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.deliverables.conftest import pdf_upload
from tests.factories import ClusterFactory, DeliverableFactory, ProjectFactory
from tracekei.deliverables import services

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - dt.timedelta(days=10)


def test_list_is_scoped_to_the_project(client_for, viewer_a, cluster_b):
    DeliverableFactory(lead_cluster=cluster_b, number="D1.1")
    other = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="zeta")
    hidden = DeliverableFactory(lead_cluster=other, number="D7.7")
    browser = client_for(viewer_a)
    numbers = [row["number"] for row in browser.get("/api/deliverables/").json()["results"]]
    assert numbers == ["D1.1"]
    assert browser.get(f"/api/deliverables/{hidden.pk}/").status_code == 404


def test_coordinator_creates_and_gets_field_errors(client_for, coordinator, cluster_a):
    browser = client_for(coordinator)
    data = {
        "number": "D2.1",
        "title": "Strategies",
        "work_package": "wp2",
        "due_date": "2030-03-31",
    }
    missing = browser.post("/api/deliverables/", data, content_type="application/json")
    assert missing.status_code == 400 and "lead_cluster" in missing.json()
    data["lead_cluster"] = cluster_a.slug
    created = browser.post("/api/deliverables/", data, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "pending"
    again = browser.post("/api/deliverables/", data, content_type="application/json")
    assert again.status_code == 400


def test_manager_cannot_create(client_for, manager_a, cluster_a):
    data = {
        "number": "D2.1",
        "title": "x",
        "work_package": "wp2",
        "due_date": "2030-03-31",
        "lead_cluster": cluster_a.slug,
    }
    response = client_for(manager_a).post(
        "/api/deliverables/", data, content_type="application/json"
    )
    # Creating is the coordinator's: 403 before the body, as the page (was a 400 for
    # the lead cluster, which told the same thing later).
    assert response.status_code == 403


def test_transition_needs_a_justification_when_late(client_for, manager_a, manager_b, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST)
    services.deliverable_attach_file(actor=manager_a, deliverable=deliverable, upload=pdf_upload())
    url = f"/api/deliverables/{deliverable.pk}/transition/"
    assert client_for(manager_b).post(url, {"status": "submitted"}).status_code == 403
    refused = client_for(manager_a).post(url, {"status": "submitted"})
    assert refused.status_code == 400 and "late_justification" in refused.json()
    done = client_for(manager_a).post(
        url, {"status": "submitted", "late_justification": "Waited for the survey."}
    )
    assert done.status_code == 200 and done.json()["status"] == "submitted"
    history = client_for(manager_b).get(f"/api/deliverables/{deliverable.pk}/history/").json()
    assert [row["to_status"] for row in history] == ["submitted"]
    bad = client_for(manager_a).post(url, {"status": "flying"})
    assert bad.status_code == 400 and "status" in bad.json()


def test_a_change_one_may_not_make_is_refused_before_the_body(
    client_for, manager_a, manager_b, viewer_a, cluster_a
):
    """403, not a 400 for the empty body: creating and editing are the coordinator's, a
    transition the lead cluster's; the body is not read first (the permission matrix)."""
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    url = f"/api/deliverables/{deliverable.pk}/"
    for user in (viewer_a, manager_a, manager_b):
        browser = client_for(user)
        assert browser.post("/api/deliverables/", {}).status_code == 403
        assert browser.patch(url, {}, content_type="application/json").status_code == 403
        assert browser.put(url, {}, content_type="application/json").status_code == 403
    for user in (viewer_a, manager_b):
        assert client_for(user).post(f"{url}transition/", {}).status_code == 403
    # The lead cluster's manager gets past the door: the empty body is his 400.
    assert client_for(manager_a).post(f"{url}transition/", {}).status_code == 400
