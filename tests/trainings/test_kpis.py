"""The trainings app's indicators on hand-counted fixtures: held activities only, the
project period's ends included, a manager attending several activities counted once."""

import datetime as dt

import pytest

from clusters.models import RoleAssignment
from tests.factories import (
    ActivityFactory,
    ClusterFactory,
    ProjectFactory,
    UserFactory,
    attend,
    make_manager,
)
from tracekei.kpi.registry import Period, calculators
from trainings.models import Participation


@pytest.fixture
def period(project):
    return Period.of_project(project)


def figures(code, period):
    return calculators()[code](period)


def evidence(code, period, cluster_id=None):
    return list(calculators()[code].evidence_fn(period, cluster_id).rows)


@pytest.fixture
def history(project, cluster_a, cluster_b):
    """Hand-counted: 2 held joint trainings (one by each cluster, one on the project's
    last day), 1 held study visit, 1 held workshop; plus a planned and a cancelled joint
    training, a held one before the project, a cancelled workshop and another project's
    held joint training, none of which count."""
    other_project = ProjectFactory(acronym="OTHER")
    other_cluster = ClusterFactory(project=other_project, acronym="OTHER", slug="other")
    return {
        "bari": ActivityFactory(
            organising_cluster=cluster_a, title="Bari", start_date=dt.date(2017, 5, 10)
        ),
        "budapest": ActivityFactory(
            organising_cluster=cluster_b,
            title="Budapest",
            start_date=project.end_date,
            end_date=project.end_date,
        ),
        "visit": ActivityFactory(
            organising_cluster=cluster_a,
            activity_type="study_visit",
            title="Femac visit",
            start_date=dt.date(2018, 3, 1),
        ),
        "workshop": ActivityFactory(
            organising_cluster=cluster_b,
            activity_type="workshop",
            title="Workshop",
            start_date=dt.date(2018, 4, 1),
        ),
        "planned": ActivityFactory(organising_cluster=cluster_a, title="Planned", status="planned"),
        "cancelled": ActivityFactory(
            organising_cluster=cluster_a, title="Cancelled", status="cancelled"
        ),
        "cancelled_workshop": ActivityFactory(
            organising_cluster=cluster_a,
            activity_type="workshop",
            title="Cancelled workshop",
            status="cancelled",
        ),
        "before": ActivityFactory(
            organising_cluster=cluster_a, title="Before", start_date=dt.date(2016, 11, 15)
        ),
        "elsewhere": ActivityFactory(organising_cluster=other_cluster, title="Elsewhere"),
    }


def test_joint_trainings_count_held_ones_in_the_period(period, history, cluster_a, cluster_b):
    result = figures("joint_trainings", period)
    assert result.total == 2
    assert result.by_cluster == {cluster_a.pk: 1, cluster_b.pk: 1}
    assert [row[0] for row in evidence("joint_trainings", period)] == ["Bari", "Budapest"]
    assert [row[0] for row in evidence("joint_trainings", period, cluster_b.pk)] == ["Budapest"]


def test_study_visits_and_workshops(period, history, cluster_a, cluster_b):
    visits = figures("study_visits", period)
    assert visits.total == 1
    assert visits.by_cluster == {cluster_a.pk: 1}
    assert evidence("study_visits", period) == [
        ("Femac visit", "ALPHA", dt.date(2018, 3, 1), dt.date(2018, 3, 2), "Bari, Italy")
    ]
    shops = figures("workshops", period)
    assert shops.total == 1
    assert shops.by_cluster == {cluster_b.pk: 1}
    assert len(evidence("workshops", period)) == 1
    assert evidence("workshops", period, cluster_a.pk) == []


def test_a_cancelled_activity_stops_counting(period, history):
    bari = history["bari"]
    bari.status = "cancelled"
    bari.save()
    assert figures("joint_trainings", period).total == 1


def test_managers_involved_counts_distinct_managers_who_attended(
    period, history, project, cluster_a, cluster_b, manager_a, manager_b, coordinator
):
    # manager_a attended two held activities: counted once.
    attend(history["bari"], manager_a, dt.date(2017, 5, 10), dt.date(2017, 5, 11))
    attend(history["visit"], manager_a)
    # manager_b only attended a cancelled and a planned one, and one before the project.
    attend(history["cancelled"], manager_b)
    attend(history["planned"], manager_b)
    attend(history["before"], manager_b)
    # a second manager of B registered for Budapest but never came (a no-show).
    no_show = make_manager(cluster_b, email="noshow@portal.example")
    Participation.objects.create(activity=history["budapest"], user=no_show)
    # a third manager of B attended the workshop.
    third = make_manager(cluster_b, email="third@portal.example", full_name="Zed Third")
    attend(history["workshop"], third)
    # the coordinator and a user without a manager role attended: not managers.
    attend(history["bari"], coordinator)
    attend(history["bari"], UserFactory(email="guest@portal.example"))
    # a manager of another project attended their own project's training.
    other_manager = make_manager(
        history["elsewhere"].organising_cluster, email="other@portal.example"
    )
    attend(history["elsewhere"], other_manager)
    # a manager of two clusters counts once in the total, under each cluster.
    both = make_manager(cluster_a, email="both@portal.example", full_name="Bea Both")
    RoleAssignment.objects.create(user=both, role="manager", cluster=cluster_b)
    attend(history["budapest"], both)

    result = figures("managers_involved", period)

    assert calculators()["managers_involved"].distinct is True
    assert result.total == 3  # manager_a, third, both
    assert result.by_cluster == {cluster_a.pk: 2, cluster_b.pk: 2}
    rows = evidence("managers_involved", period)
    assert len(rows) == 3
    by_name = {row[0]: row for row in rows}
    assert by_name[manager_a.full_name][1:3] == ("ALPHA", 2)
    assert by_name[manager_a.full_name][3] == "Bari; Femac visit"
    assert by_name["Bea Both"][1] == "ALPHA, BETA"
    only_b = evidence("managers_involved", period, cluster_b.pk)
    assert sorted(row[0] for row in only_b) == ["Bea Both", "Zed Third"]


def test_nothing_held_counts_nothing(period, cluster_a, manager_a):
    planned = ActivityFactory(organising_cluster=cluster_a, status="planned")
    attend(planned, manager_a)
    for code in ("joint_trainings", "study_visits", "workshops", "managers_involved"):
        assert figures(code, period).total == 0
        assert evidence(code, period) == []
