"""Defects found in review: each test fails without its fix."""

import datetime as dt

import pytest

from tests.factories import ActivityFactory, attend
from trainings.models import Activity, CalendarFeed

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "organising_cluster": "alpha",
        "activity_type": "workshop",
        "title": "API workshop",
        "start_date": "2017-06-01",
        "end_date": "2017-06-01",
        "status": "planned",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2017-06-01", "9999-12-31", "end_date"),
        ("0001-01-01", "2017-06-01", "start_date"),
        ("2017-06-01", "2099-06-01", "end_date"),  # a century of days
    ],
)
def test_implausible_activity_dates_are_field_errors(client_for, manager_a, start, end, field):
    client = client_for(manager_a)
    response = client.post(
        "/api/activities/", payload(start_date=start, end_date=end), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Activity.objects.exists()

    page = client.post(
        "/trainings/new/",
        {
            "title": "Form workshop",
            "activity_type": "workshop",
            "organising_cluster": manager_a.role_assignments.get().cluster_id,
            "start_date": start,
            "end_date": end,
            "city": "Bari",
            "country": "IT",
            "status": "planned",
        },
    )
    assert page.status_code == 400
    assert page.context["form"].errors[field]
    assert not Activity.objects.exists()


def test_an_activity_ending_on_the_last_date_does_not_break_the_calendar_feeds(
    client_for, manager_a, cluster_a
):
    """Before the fix such an activity was saved, and then its .ics and every project
    user's calendar feed answered 500 (the day after 9999-12-31 does not exist)."""
    client = client_for(manager_a)
    activity = ActivityFactory(organising_cluster=cluster_a)
    attend(activity, manager_a)
    response = client.patch(
        f"/api/activities/{activity.pk}/",
        {"end_date": "9999-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 400
    activity.refresh_from_db()
    assert activity.end_date == dt.date(2017, 5, 11)
    assert client.get(f"/trainings/{activity.pk}/calendar.ics").status_code == 200
    client.post("/trainings/calendar/renew/")
    token = CalendarFeed.objects.get(user=manager_a).token
    assert client.get(f"/trainings/feed/{token}.ics").status_code == 200


def test_removing_a_registration_keeps_recorded_attendance(client_for, manager_a, cluster_a):
    """Before the fix the registration went, and with it (cascade) the days attended: the
    manager dropped out of "managers involved" for an activity they had attended."""
    from tracekei.kpi.registry import Period
    from trainings.kpis import managers_involved

    activity = ActivityFactory(organising_cluster=cluster_a)
    attend(activity, manager_a)
    participation = activity.participations.get()
    response = client_for(manager_a).post(
        f"/trainings/{activity.pk}/participants/{participation.pk}/remove/", follow=True
    )
    assert response.status_code == 200
    assert "remove their days first" in response.content.decode()
    assert participation.attendances.count() == 1
    period = Period.of_project(cluster_a.project)
    assert managers_involved(period).total == 1


def test_a_training_taken_off_the_public_site_leaves_the_cached_pages_at_once(
    client_for, manager_a, cluster_a, django_capture_on_commit_callbacks
):
    """The public pages are cached for anonymous visitors; dissemination clears them on
    every change, trainings did not: a training made private stayed public for minutes."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    visitor = Client()
    activity = ActivityFactory(
        organising_cluster=cluster_a, title="Open joint training", is_public=True
    )
    assert "Open joint training" in visitor.get("/project/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager_a).patch(
            f"/api/activities/{activity.pk}/",
            {"is_public": False},
            content_type="application/json",
        )
    assert response.status_code == 200
    assert "Open joint training" not in visitor.get("/project/").content.decode()
    cache.clear()
