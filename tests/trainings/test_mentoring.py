"""The mentoring programme: the coordinator pairs managers; the pair logs sessions."""

import pytest

from tests.factories import ClusterFactory, ProjectFactory, make_manager
from trainings.models import MentoringPair, MentoringSession

pytestmark = pytest.mark.django_db


def test_coordinator_pairs_managers_and_the_pair_logs_sessions(
    client_for, coordinator, manager_a, manager_b, viewer_a
):
    data = {
        "mentor": manager_a.pk,
        "mentee": manager_a.pk,
        "goals": "Fee-based services",
        "started_on": "2017-06-01",
    }
    response = client_for(coordinator).post("/trainings/mentoring/", data)
    assert response.status_code == 400
    assert "Mentor and mentee must be two different people." in response.content.decode()
    data["mentee"] = manager_b.pk
    assert client_for(coordinator).post("/trainings/mentoring/", data).status_code == 302
    pair = MentoringPair.objects.get()
    assert client_for(manager_a).post("/trainings/mentoring/", data).status_code == 403

    url = f"/trainings/mentoring/{pair.pk}/sessions/"
    prefix = f"pair{pair.pk}"
    client_for(manager_b).post(url, {f"{prefix}-held_on": "2017-07-04", f"{prefix}-hours": "2"})
    assert MentoringSession.objects.count() == 1
    # Someone outside the pair (a viewer) cannot log a session for it.
    client_for(viewer_a).post(url, {f"{prefix}-held_on": "2017-07-05", f"{prefix}-hours": "1"})
    assert MentoringSession.objects.count() == 1
    # Bad hours: an error message, nothing saved.
    client_for(manager_a).post(url, {f"{prefix}-held_on": "2017-07-05", f"{prefix}-hours": "0"})
    assert MentoringSession.objects.count() == 1


def test_another_projects_pairs_stay_hidden(client_for, coordinator, manager_a, manager_b):
    cluster = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="far")
    stranger = make_manager(cluster, email="stranger@portal.example")
    MentoringPair.objects.create(
        project=coordinator.role_assignments.get().project,
        mentor=manager_a,
        mentee=manager_b,
        started_on="2017-06-01",
    )
    assert list(client_for(stranger).get("/trainings/mentoring/").context["pairs"]) == []
    pair = MentoringPair.objects.get()
    response = client_for(stranger).post(
        f"/trainings/mentoring/{pair.pk}/sessions/",
        {f"pair{pair.pk}-held_on": "2017-07-05", f"pair{pair.pk}-hours": "1"},
    )
    assert response.status_code == 404
