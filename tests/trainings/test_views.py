"""Pages of the trainings app: what each role sees and may change, bad input, the
iCalendar feeds (parsed back with the icalendar library) and private materials."""

import datetime as dt

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import (
    ActivityFactory,
    ClusterFactory,
    ProjectFactory,
    attend,
    make_manager,
)
from trainings import services
from trainings.models import Activity, Attendance, CalendarFeed, CoreModule, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def bari(cluster_a):
    return ActivityFactory(
        organising_cluster=cluster_a,
        title="Bari joint training",
        start_date=dt.date(2017, 5, 10),
        end_date=dt.date(2017, 5, 11),
    )


@pytest.fixture
def foreign_activity():
    cluster = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="far")
    return ActivityFactory(organising_cluster=cluster, title="Far away secret")


def test_every_user_of_the_project_sees_its_activities(
    client_for, bari, foreign_activity, manager_b, viewer_a
):
    for user in (manager_b, viewer_a):
        response = client_for(user).get("/trainings/")
        assert response.status_code == 200
        titles = [a.title for a in response.context["page"]]
        assert titles == ["Bari joint training"]
        assert client_for(user).get(f"/trainings/{bari.pk}/").status_code == 200
        assert client_for(user).get(f"/trainings/{foreign_activity.pk}/").status_code == 404


def test_filters_upcoming_past_type_and_cluster(client_for, bari, cluster_b, manager_a):
    future = ActivityFactory(
        organising_cluster=cluster_b,
        title="Next workshop",
        activity_type="workshop",
        start_date=dt.date.today() + dt.timedelta(days=30),
        status="planned",
    )
    client = client_for(manager_a)

    def titles(query):
        return [a.title for a in client.get(f"/trainings/?{query}").context["page"]]

    assert titles("when=upcoming") == [future.title]
    assert titles("when=past") == [bari.title]
    assert titles("type=workshop") == [future.title]
    assert titles("cluster=alpha") == [bari.title]
    response = client.get("/trainings/?cluster=far")
    assert response.status_code == 400
    assert list(response.context["page"]) == []


def test_only_editors_change_an_activity(client_for, bari, manager_a, manager_b, viewer_a):
    assert client_for(manager_b).get(f"/trainings/{bari.pk}/edit/").status_code == 403
    assert client_for(viewer_a).get(f"/trainings/{bari.pk}/edit/").status_code == 403
    assert client_for(viewer_a).get("/trainings/new/").status_code == 403
    assert client_for(manager_a).get(f"/trainings/{bari.pk}/edit/").status_code == 200


def test_create_with_end_before_start_shows_the_error_and_keeps_the_input(
    client_for, manager_a, cluster_a
):
    response = client_for(manager_a).post(
        "/trainings/new/",
        {
            "organising_cluster": cluster_a.pk,
            "activity_type": "joint_training",
            "title": "Backwards training",
            "start_date": "2017-05-12",
            "end_date": "2017-05-10",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()
    assert 'value="Backwards training"' in response.content.decode()
    assert not Activity.objects.exists()


def test_create_for_another_cluster_is_refused(client_for, manager_a, cluster_b):
    response = client_for(manager_a).post(
        "/trainings/new/",
        {
            "organising_cluster": cluster_b.pk,
            "activity_type": "workshop",
            "title": "Not mine",
            "start_date": "2017-05-10",
            "end_date": "2017-05-10",
            "status": "planned",
        },
    )
    assert response.status_code == 400
    assert "organising_cluster" in response.context["form"].errors
    assert not Activity.objects.exists()


def test_a_manager_registers_and_records_their_own_days(client_for, bari, manager_b):
    client = client_for(manager_b)
    client.post(f"/trainings/{bari.pk}/register/")
    client.post(f"/trainings/{bari.pk}/my-attendance/", {"day": ["2017-05-11", "2099-01-01"]})
    assert list(Attendance.objects.values_list("day", flat=True)) == [dt.date(2017, 5, 11)]
    page = client.get(f"/trainings/{bari.pk}/").content.decode()
    assert "My attendance" in page


def test_attendance_without_registration_is_an_error(client_for, bari, manager_b):
    response = client_for(manager_b).post(
        f"/trainings/{bari.pk}/my-attendance/", {"day": ["2017-05-10"]}, follow=True
    )
    assert "not registered" in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_grid_for_the_organiser(client_for, bari, manager_a, manager_b):
    participation = Participation.objects.create(activity=bari, user=manager_b)
    assert client_for(manager_b).get(f"/trainings/{bari.pk}/attendance/").status_code == 403
    client = client_for(manager_a)
    response = client.post(
        f"/trainings/{bari.pk}/attendance/", {f"p{participation.pk}": ["2017-05-10", "2017-05-11"]}
    )
    assert response.status_code == 302
    assert participation.attendances.count() == 2


def test_outside_contact_data_only_for_editors_and_participants(
    client_for, bari, manager_a, manager_b, viewer_a
):
    services.participation_register(
        actor=manager_a, activity=bari, name="Jordi Puig", organisation="Femac", email="jordi@x.es"
    )
    assert "jordi@x.es" in client_for(manager_a).get(f"/trainings/{bari.pk}/").content.decode()
    assert "jordi@x.es" not in client_for(viewer_a).get(f"/trainings/{bari.pk}/").content.decode()
    attend(bari, manager_b)
    assert "jordi@x.es" in client_for(manager_b).get(f"/trainings/{bari.pk}/").content.decode()


def test_materials_are_private(
    client_for, bari, manager_a, manager_b, viewer_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(manager_a)
    bad = client.post(
        f"/trainings/{bari.pk}/materials/",
        {"title": "Tool", "file": SimpleUploadedFile("tool.exe", b"MZ")},
    )
    assert bad.status_code == 400
    assert "Upload one of these file types" in bad.content.decode()
    client.post(
        f"/trainings/{bari.pk}/materials/",
        {"title": "Slides", "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides")},
    )
    material = bari.materials.get()
    url = f"/trainings/{bari.pk}/materials/{material.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 slides"
    assert response["Content-Disposition"].startswith("attachment")
    assert client_for(viewer_a).get(url).status_code == 404
    attend(bari, manager_b)
    participant_response = client_for(manager_b).get(url)
    assert participant_response.status_code == 200
    assert b"".join(participant_response.streaming_content) == b"%PDF-1.4 slides"
    assert client.get(f"/media/{material.file.name}").status_code == 404


def test_activity_ics_parses_back(client_for, bari, manager_a):
    response = client_for(manager_a).get(f"/trainings/{bari.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event["summary"] == "Joint training: Bari joint training"
    assert event.decoded("dtstart") == dt.date(2017, 5, 10)
    assert event.decoded("dtend") == dt.date(2017, 5, 12)  # exclusive end: after the last day
    assert str(event["status"]) == "CONFIRMED"


def test_user_feed_by_secret_token_shows_only_what_the_user_sees(
    client, client_for, bari, foreign_activity, manager_b
):
    cancelled = ActivityFactory(
        organising_cluster=bari.organising_cluster, title="Called off", status="cancelled"
    )
    client_for(manager_b).post("/trainings/calendar/renew/")
    token = CalendarFeed.objects.get(user=manager_b).token
    client.logout()
    response = client.get(f"/trainings/feed/{token}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): str(e["status"]) for e in calendar.walk("VEVENT")}
    assert events == {
        "Joint training: Bari joint training": "CONFIRMED",
        f"Joint training: {cancelled.title}": "CANCELLED",
    }
    assert client.get("/trainings/feed/not-a-token.ics").status_code == 404
    # Revoked: the old address stops working.
    client_for(manager_b).post("/trainings/calendar/revoke/")
    client.logout()
    assert client.get(f"/trainings/feed/{token}.ics").status_code == 404


def test_a_manager_of_another_project_sees_nothing(client_for, bari):
    stranger = make_manager(
        ClusterFactory(project=ProjectFactory(acronym="ELSE"), slug="else"),
        email="stranger@portal.example",
    )
    client = client_for(stranger)
    assert list(client.get("/trainings/").context["page"]) == []
    for url in (
        f"/trainings/{bari.pk}/",
        f"/trainings/{bari.pk}/calendar.ics",
        f"/trainings/{bari.pk}/attendance/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/trainings/{bari.pk}/register/").status_code == 404


def test_create_and_edit_an_activity(client_for, manager_a, cluster_a, cluster_b):
    client = client_for(manager_a)
    response = client.post(
        "/trainings/new/",
        {
            "organising_cluster": cluster_a.pk,
            "activity_type": "study_visit",
            "title": "Visit to Femac",
            "start_date": "2018-05-08",
            "end_date": "2018-05-09",
            "city": "Lleida",
            "country": "ES",
            "host_organisation": "Femac",
            "status": "planned",
            "modules": [CoreModule.objects.get(slug="service-development").pk],
        },
    )
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/trainings/{activity.pk}/"
    assert activity.created_by == manager_a
    assert [m.slug for m in activity.modules.all()] == ["service-development"]
    response = client.post(
        f"/trainings/{activity.pk}/edit/",
        {
            "activity_type": "study_visit",
            "title": "Visit to Femac",
            "start_date": "2018-05-08",
            "end_date": "2018-05-09",
            "status": "held",
            "host_cluster": cluster_b.pk,
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.host_cluster) == ("held", cluster_b)
    assert activity.organising_cluster == cluster_a  # stays with its organiser


def test_moving_dates_away_from_recorded_attendance_is_refused(client_for, bari, manager_a):
    attend(bari, manager_a, dt.date(2017, 5, 11))
    response = client_for(manager_a).post(
        f"/trainings/{bari.pk}/edit/",
        {
            "activity_type": "joint_training",
            "title": bari.title,
            "start_date": "2017-05-10",
            "end_date": "2017-05-10",
            "status": "held",
        },
    )
    assert response.status_code == 400
    assert "outside the new dates" in response.content.decode()
    bari.refresh_from_db()
    assert bari.end_date == dt.date(2017, 5, 11)


def test_adding_an_outside_participant_with_a_bad_email(client_for, bari, manager_a):
    client = client_for(manager_a)
    response = client.post(
        f"/trainings/{bari.pk}/participants/new/",
        {"kind": "outside", "name": "Jordi Puig", "email": "not-an-address"},
    )
    assert response.status_code == 400
    assert 'value="Jordi Puig"' in response.content.decode()
    assert not Participation.objects.exists()
    response = client.post(
        f"/trainings/{bari.pk}/participants/new/",
        {"kind": "outside", "name": "Jordi Puig", "email": "jordi@x.es"},
    )
    assert response.status_code == 302
    assert Participation.objects.get().name == "Jordi Puig"
