"""Certificates of attendance (trainings.pdf) through the reports layer: one page per
person who attended a held activity, nobody else's for a manager of another cluster,
none for a no-show."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command

from clusters.models import RoleAssignment
from tests.reports.conftest import pdf_page_count, pdf_pages
from tracekei.reports import services
from tracekei.reports.models import ReportRequest
from trainings import selectors as trainings_selectors
from trainings.models import Activity, Participation
from trainings.pdf import certificate_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    """A held activity with a no-show, and one attendee from another cluster."""
    call_command("load_demo_data", stdout=io.StringIO())
    activity = next(
        a
        for a in Activity.objects.filter(status="held").order_by("pk")
        if a.participations.filter(attendances__isnull=True).exists()
    )
    organiser = (
        RoleAssignment.objects.filter(role="manager", cluster=activity.organising_cluster)
        .first()
        .user
    )
    attended = activity.participations.filter(attendances__isnull=False).distinct()
    guest = (
        attended.exclude(user__isnull=True)
        .exclude(user__role_assignments__cluster=activity.organising_cluster)
        .first()
    )
    return {
        "activity": activity,
        "organiser": organiser,
        "attended": list(attended),
        "no_show": activity.participations.filter(attendances__isnull=True).first(),
        "guest": guest,
        "coordinator": RoleAssignment.objects.get(role="coordinator").user,
    }


def rendered(row):
    row = services.report_generate(request_id=row.pk)
    assert row.status == "done", row.error
    path = default_storage.path(row.file.name)
    return row, pdf_pages(path), pdf_page_count(path)


def test_the_organiser_gets_one_page_per_attendee_and_none_for_a_no_show(demo):
    activity = demo["activity"]
    row = certificate_request(actor=demo["organiser"], activity=activity)
    row, pages, count = rendered(row)
    assert count == row.page_count == len(demo["attended"]) == len(pages)
    people = {p.pk: p for p in trainings_selectors.participants(activity)}
    assert all("Certificate of attendance" in page for page in pages)
    text = " ".join("\n".join(pages).split())
    for participation in demo["attended"]:
        person = people[participation.pk]
        assert person.display_name in text
    no_show = people[demo["no_show"].pk]
    assert no_show.display_name not in text
    assert activity.title.split(":")[0] in text
    assert activity.organising_cluster.legal_name in text
    assert "co-funded by the COSME programme of the European Union" in text
    # Each page names one attendee with their own hours.
    for page in pages:
        named = [p for p in people.values() if p.display_name in page]
        assert len(named) == 1
        hours = named[0].total_hours
        assert f"Hours attended {hours.normalize():f}" in " ".join(page.split())


def test_an_attending_manager_of_another_cluster_gets_their_own_only(demo, client_for):
    guest = demo["guest"]
    activity = demo["activity"]
    row = certificate_request(actor=guest.user, activity=activity, participation=guest)
    row, pages, count = rendered(row)
    assert count == 1
    assert guest.user.get_full_name() in pages[0]
    # Someone else's certificate, all certificates, a no-show's: refused.
    other = next(p for p in demo["attended"] if p.pk != guest.pk)
    for participation in (other, None, demo["no_show"]):
        with pytest.raises(PermissionDenied):
            certificate_request(actor=guest.user, activity=activity, participation=participation)
    # The guest sees the activity: the pages refuse with 403 (not 404, the house rule).
    client = client_for(guest.user)
    assert client.post(f"/trainings/{activity.pk}/certificates/").status_code == 403
    url = f"/trainings/{activity.pk}/certificates/{other.pk}/"
    assert client.post(url).status_code == 403
    # Their own from the activity page: the report's page follows.
    response = client.post(f"/trainings/{activity.pk}/certificates/{guest.pk}/")
    assert response.status_code == 302 and "/reports/" in response.url


def test_another_persons_certificate_request_is_404_to_a_manager_of_another_cluster(
    demo, client_for
):
    organiser_row = certificate_request(actor=demo["organiser"], activity=demo["activity"])
    organiser_row, _pages, _count = rendered(organiser_row)
    client = client_for(demo["guest"].user)
    for path in ("", "download/"):
        assert client.get(f"/reports/{organiser_row.pk}/{path}").status_code == 404
    # The coordinator sees it; the organiser downloads it.
    assert client_for(demo["coordinator"]).get(f"/reports/{organiser_row.pk}/").status_code == 200
    response = client_for(demo["organiser"]).get(f"/reports/{organiser_row.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    response.close()


def test_a_no_show_gets_no_certificate_and_a_planned_activity_none_at_all(demo):
    no_show = demo["no_show"]
    if no_show.user is not None:
        with pytest.raises(PermissionDenied):
            certificate_request(
                actor=no_show.user, activity=demo["activity"], participation=no_show
            )
    planned = Activity.objects.exclude(status="held").first()
    with pytest.raises(PermissionDenied):
        certificate_request(actor=demo["coordinator"], activity=planned)
    assert not ReportRequest.objects.filter(report_type="certificates").exists()


def test_the_activity_page_offers_certificates_to_the_organiser_and_to_an_attendee(
    demo, client_for
):
    activity = demo["activity"]
    page = client_for(demo["organiser"]).get(f"/trainings/{activity.pk}/").content.decode()
    assert f"/trainings/{activity.pk}/certificates/" in page
    assert f"/trainings/{activity.pk}/certificates/{demo['no_show'].pk}/" not in page
    guest = demo["guest"]
    page = client_for(guest.user).get(f"/trainings/{activity.pk}/").content.decode()
    assert f"/trainings/{activity.pk}/certificates/{guest.pk}/" in page
    assert f'action="/trainings/{activity.pk}/certificates/"' not in page


def test_a_participation_of_another_activity_is_refused(demo):
    other = (
        Participation.objects.exclude(activity=demo["activity"])
        .filter(attendances__isnull=False)
        .first()
    )
    row_count = ReportRequest.objects.count()
    with pytest.raises(PermissionDenied):
        services.report_request(
            actor=demo["organiser"],
            report_type="certificates",
            project=demo["activity"].organising_cluster.project,
            options={"activity": demo["activity"].pk, "participation": other.pk},
        )
    assert ReportRequest.objects.count() == row_count


def test_the_certificate_pages_refuse_with_403_who_sees_the_activity_and_404_who_does_not(
    demo, client_for
):
    from tests.factories import ClusterFactory, ProjectFactory, make_manager, make_viewer

    activity = demo["activity"]
    attended = demo["attended"][0]
    paths = (
        f"/trainings/{activity.pk}/certificates/",
        f"/trainings/{activity.pk}/certificates/{attended.pk}/",
    )
    viewer = make_viewer(activity.organising_cluster, email="viewer.cert@portal.example")
    stranger = make_manager(
        ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="far"),
        email="far@portal.example",
    )
    for path in paths:
        assert client_for(viewer).post(path).status_code == 403
        assert client_for(stranger).post(path).status_code == 404
    assert not ReportRequest.objects.exists()
