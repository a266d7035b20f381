"""The trainings API: scoping, filters, 400s with field errors, never a 500."""

import datetime as dt

import pytest

from tests.factories import ActivityFactory, ClusterFactory, ProjectFactory, attend
from trainings import services
from trainings.models import Activity, CoreModule, SkillRating

pytestmark = pytest.mark.django_db


@pytest.fixture
def bari(cluster_a):
    return ActivityFactory(organising_cluster=cluster_a, title="Bari")


@pytest.fixture
def foreign():
    cluster = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="far")
    return ActivityFactory(organising_cluster=cluster, title="Far")


def payload(**overrides):
    data = {
        "organising_cluster": "alpha",
        "activity_type": "workshop",
        "title": "API workshop",
        "start_date": "2017-06-01",
        "end_date": "2017-06-01",
        "status": "planned",
        "modules": ["internationalisation"],
    }
    data.update(overrides)
    return data


def test_activities_are_scoped_and_filtered(client_for, bari, foreign, manager_b, cluster_b):
    ActivityFactory(organising_cluster=cluster_b, title="Visit", activity_type="study_visit")
    client = client_for(manager_b)
    titles = {a["title"] for a in client.get("/api/activities/").json()["results"]}
    assert titles == {"Bari", "Visit"}
    only = client.get("/api/activities/?type=study_visit").json()["results"]
    assert [a["title"] for a in only] == ["Visit"]
    assert client.get("/api/activities/?cluster=alpha").json()["count"] == 1
    assert client.get(f"/api/activities/{foreign.pk}/").status_code == 404
    assert client.get("/api/activities/?type=nonsense").status_code == 400


def test_create_activity_and_bad_input(client_for, manager_a):
    client = client_for(manager_a)
    response = client.post("/api/activities/", payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["modules"] == ["internationalisation"]
    bad = client.post(
        "/api/activities/",
        payload(title="Backwards", end_date="2017-05-01"),
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "end_date" in bad.json()
    other = client.post(
        "/api/activities/", payload(organising_cluster="beta"), content_type="application/json"
    )
    assert other.status_code == 400
    assert "organising_cluster" in other.json()
    assert Activity.objects.count() == 1


def test_update_needs_the_right_to_change(client_for, bari, manager_a, manager_b):
    url = f"/api/activities/{bari.pk}/"
    body = {"title": "Renamed"}
    assert (
        client_for(manager_b).patch(url, body, content_type="application/json").status_code == 403
    )
    response = client_for(manager_a).patch(url, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["title"] == "Renamed"


def test_participations_register_yourself_and_hide_outside_contacts(
    client_for, bari, foreign, manager_a, manager_b, viewer_a
):
    services.participation_register(
        actor=manager_a, activity=bari, name="Jordi", organisation="Femac", email="j@x.es"
    )
    client = client_for(manager_b)
    response = client.post(
        "/api/participations/", {"activity": bari.pk}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["user"] == manager_b.email
    again = client.post(
        "/api/participations/", {"activity": bari.pk}, content_type="application/json"
    )
    assert again.status_code == 400
    assert (
        client.post(
            "/api/participations/", {"activity": foreign.pk}, content_type="application/json"
        ).status_code
        == 400
    )
    emails = {p["name"]: p["email"] for p in client.get("/api/participations/").json()["results"]}
    assert emails["Jordi"] == "j@x.es"  # manager_b is registered
    viewer_rows = client_for(viewer_a).get("/api/participations/").json()["results"]
    assert {p["name"]: p["email"] for p in viewer_rows}["Jordi"] == ""
    outsider = client.post(
        "/api/participations/",
        {"activity": bari.pk, "name": "Someone"},
        content_type="application/json",
    )
    assert outsider.status_code == 403  # only an editor registers outside people


def test_skill_assessments(client_for, project, coordinator, manager_a, manager_b):
    assessment_round = services.assessment_round_open(
        actor=coordinator, project=project, name="Baseline", kind="baseline"
    )
    client = client_for(manager_a)
    url = "/api/skill-assessments/"
    body = {"round": assessment_round.pk, "module": "cluster-strategy", "level": 6}
    bad = client.post(url, body, content_type="application/json")
    assert bad.status_code == 400
    assert "level" in bad.json()
    body["level"] = 4
    assert client.post(url, body, content_type="application/json").status_code == 201
    body["level"] = 5
    assert client.post(url, body, content_type="application/json").status_code == 201
    assert SkillRating.objects.get().level == 5
    services.self_assessment_submit(
        actor=manager_b,
        assessment_round=assessment_round,
        levels={CoreModule.objects.get(slug="cluster-strategy").pk: 2},
    )
    assert client.get(url).json()["count"] == 1  # only one's own
    assert client_for(coordinator).get(url).json()["count"] == 2
    assert (
        client_for(coordinator).post(url, body, content_type="application/json").status_code == 403
    )


@pytest.mark.parametrize("body", [{}, {"module": "cluster-strategy", "level": 9}])
def test_who_is_not_a_manager_is_refused_a_rating_before_the_body_is_read(
    client_for, project, coordinator, viewer_a, manager_a, admin_user, body
):
    url = "/api/skill-assessments/"
    for user in (viewer_a, coordinator, admin_user):
        assert client_for(user).post(url, body, content_type="application/json").status_code == 403
    # A manager's wrong body is a 400 with field errors; reading stays open to all.
    response = client_for(manager_a).post(url, body, content_type="application/json")
    assert response.status_code == 400 and "round" in response.json()
    assert client_for(viewer_a).get(url).status_code == 200
    assert not SkillRating.objects.exists()


def test_modules_are_listed(client_for, manager_a):
    response = client_for(manager_a).get("/api/modules/")
    assert response.json()["count"] == 11


def test_attendance_shows_in_participations(client_for, bari, manager_a):
    attend(bari, manager_a, dt.date(2017, 5, 10))
    row = client_for(manager_a).get(f"/api/participations/?activity={bari.pk}").json()["results"][0]
    assert row["days_attended"] == ["2017-05-10"]
    assert row["hours"] == "8.0"
