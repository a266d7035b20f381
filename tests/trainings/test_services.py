"""Writes of the trainings app: the rules and the bad input the issue names."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from tests.factories import ActivityFactory, ClusterFactory, ProjectFactory, make_manager
from trainings import services
from trainings.models import (
    Activity,
    AssessmentRound,
    Attendance,
    CoreModule,
    Material,
    Participation,
    SkillRating,
)

pytestmark = pytest.mark.django_db


def test_core_modules_are_seeded():
    names = list(CoreModule.objects.values_list("name", flat=True))
    assert len(names) == 11
    assert names[0] == "Cluster strategy"
    assert "Funding and smart specialisation (RIS3)" in names


def test_end_before_start_is_a_field_error_and_a_database_constraint(cluster_a, manager_a):
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=manager_a,
            organising_cluster=cluster_a,
            activity_type="workshop",
            title="Backwards",
            start_date=dt.date(2017, 5, 2),
            end_date=dt.date(2017, 5, 1),
        )
    assert "The last day cannot be before the first day." in str(error.value)
    assert not Activity.objects.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(
            organising_cluster=cluster_a,
            start_date=dt.date(2017, 5, 2),
            end_date=dt.date(2017, 5, 1),
        )


def test_only_the_organising_cluster_and_the_coordinator_change_an_activity(
    cluster_a, cluster_b, manager_a, manager_b, coordinator, viewer_a
):
    activity = services.activity_create(
        actor=manager_a,
        organising_cluster=cluster_a,
        activity_type="joint_training",
        title="Bari",
        start_date=dt.date(2017, 5, 10),
        end_date=dt.date(2017, 5, 11),
    )
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=manager_b, activity=activity, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.activity_update(actor=viewer_a, activity=activity, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.activity_create(
            actor=manager_a,
            organising_cluster=cluster_b,
            activity_type="workshop",
            title="For B",
            start_date=dt.date(2017, 5, 10),
            end_date=dt.date(2017, 5, 10),
        )
    services.activity_update(actor=coordinator, activity=activity, title="Bari training")
    activity.refresh_from_db()
    assert activity.title == "Bari training"


def test_a_host_cluster_of_another_project_is_refused(cluster_a, manager_a):
    foreign = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="foreign")
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=manager_a,
            organising_cluster=cluster_a,
            activity_type="study_visit",
            title="Visit",
            start_date=dt.date(2017, 5, 10),
            end_date=dt.date(2017, 5, 10),
            host_cluster=foreign,
        )
    assert "host_cluster" in error.value.message_dict


def test_attendance_needs_a_registration_and_a_day_of_the_activity(cluster_a, manager_a, manager_b):
    activity = ActivityFactory(organising_cluster=cluster_a)
    with pytest.raises(ValidationError, match="not registered"):
        services.attendance_set(
            actor=manager_a, activity=activity, user=manager_b, days=[activity.start_date]
        )
    services.participation_register(actor=manager_b, activity=activity, user=manager_b)
    with pytest.raises(ValidationError, match="not a day of this activity"):
        services.attendance_set(
            actor=manager_b, activity=activity, user=manager_b, days=[dt.date(2017, 6, 1)]
        )
    assert not Attendance.objects.exists()
    services.attendance_set(actor=manager_b, activity=activity, user=manager_b, days=activity.days)
    assert Attendance.objects.count() == 2
    # Setting again replaces: one day unticked.
    services.attendance_set(
        actor=manager_b, activity=activity, user=manager_b, days=activity.days[:1]
    )
    assert list(Attendance.objects.values_list("day", flat=True)) == [activity.start_date]


def test_a_manager_cannot_record_someone_elses_attendance_elsewhere(
    cluster_a, manager_a, manager_b
):
    activity = ActivityFactory(organising_cluster=cluster_a)
    services.participation_register(actor=manager_a, activity=activity, user=manager_a)
    with pytest.raises(PermissionDenied):
        services.attendance_set(
            actor=manager_b, activity=activity, user=manager_a, days=[activity.start_date]
        )
    with pytest.raises(PermissionDenied):  # nor register another cluster's manager
        services.participation_register(actor=manager_b, activity=activity, user=manager_a)


def test_registration_rules(cluster_a, manager_a, manager_b):
    activity = ActivityFactory(organising_cluster=cluster_a)
    services.participation_register(actor=manager_b, activity=activity, user=manager_b)
    with pytest.raises(ValidationError, match="already registered"):
        services.participation_register(actor=manager_b, activity=activity, user=manager_b)
    outside = services.participation_register(
        actor=manager_a, activity=activity, name="Jordi Puig", organisation="Femac", email="J@x.es"
    )
    assert outside.email == "j@x.es"
    with pytest.raises(ValidationError):
        services.participation_register(actor=manager_a, activity=activity, name="  ")
    cancelled = ActivityFactory(organising_cluster=cluster_a, status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        services.participation_register(actor=manager_b, activity=cancelled, user=manager_b)
    foreigner = make_manager(
        ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="far"),
        email="far@portal.example",
    )
    with pytest.raises(PermissionDenied):  # cannot even see the activity
        services.participation_register(actor=foreigner, activity=activity, user=foreigner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(activity=activity, user=manager_a, name="Both")


@pytest.fixture
def open_round(project, coordinator):
    return services.assessment_round_open(
        actor=coordinator, project=project, name="Baseline", kind="baseline"
    )


def test_only_the_coordinator_opens_a_round(project, manager_a):
    with pytest.raises(PermissionDenied):
        services.assessment_round_open(actor=manager_a, project=project, name="X", kind="baseline")


def test_a_rating_outside_1_to_5_is_refused(open_round, manager_a):
    module = CoreModule.objects.first()
    for bad in (0, 6, -1):
        with pytest.raises(ValidationError, match="1 to 5"):
            services.self_assessment_submit(
                actor=manager_a, assessment_round=open_round, levels={module.pk: bad}
            )
    assert not SkillRating.objects.exists()
    services.self_assessment_submit(
        actor=manager_a, assessment_round=open_round, levels={module.pk: 3}
    )
    services.self_assessment_submit(
        actor=manager_a, assessment_round=open_round, levels={module.pk: 4}
    )
    assert list(SkillRating.objects.values_list("user", "level")) == [(manager_a.pk, 4)]
    with pytest.raises(IntegrityError), transaction.atomic():
        SkillRating.objects.filter(user=manager_a).update(level=9)


def test_only_managers_rate_and_only_in_open_rounds(open_round, coordinator, manager_a):
    module = CoreModule.objects.first()
    with pytest.raises(PermissionDenied):
        services.self_assessment_submit(
            actor=coordinator, assessment_round=open_round, levels={module.pk: 3}
        )
    services.assessment_round_close(actor=coordinator, assessment_round=open_round)
    with pytest.raises(ValidationError, match="closed"):
        services.self_assessment_submit(
            actor=manager_a, assessment_round=open_round, levels={module.pk: 3}
        )
    assert AssessmentRound.objects.get().is_open is False


def test_material_upload_checks_type_and_size(cluster_a, manager_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TRAININGS_MATERIAL_MAX_BYTES = 1024
    activity = ActivityFactory(organising_cluster=cluster_a)
    with pytest.raises(ValidationError, match="file types"):
        services.material_add(
            actor=manager_a,
            activity=activity,
            title="Script",
            upload=SimpleUploadedFile("evil.exe", b"MZ"),
        )
    with pytest.raises(ValidationError, match="larger than"):
        services.material_add(
            actor=manager_a,
            activity=activity,
            title="Big",
            upload=SimpleUploadedFile("big.pdf", b"x" * 2048),
        )
    assert not Material.objects.exists()
    material = services.material_add(
        actor=manager_a,
        activity=activity,
        title="Slides",
        upload=SimpleUploadedFile("slides.pdf", b"%PDF-1.4"),
    )
    assert material.file.name.startswith(f"private/trainings/{activity.pk}/")
    assert material.original_name == "slides.pdf"
    assert (tmp_path / material.file.name).read_bytes() == b"%PDF-1.4"


def test_calendar_feed_token_is_renewed_and_revoked(manager_a):
    first = services.calendar_feed_renew(actor=manager_a)
    second = services.calendar_feed_renew(actor=manager_a)
    assert first.token != second.token
    assert len(second.token) >= 40
    services.calendar_feed_revoke(actor=manager_a)
    assert not hasattr(type(manager_a).objects.get(pk=manager_a.pk), "calendar_feed")


def test_opening_a_round_emails_each_manager_once(
    project,
    coordinator,
    manager_a,
    manager_b,
    viewer_a,
    mailoutbox,
    eager_tasks,
    django_capture_on_commit_callbacks,
):
    from trainings.tasks import notify_assessment_round

    with django_capture_on_commit_callbacks(execute=True):
        assessment_round = services.assessment_round_open(
            actor=coordinator, project=project, name="After Bari", kind="after"
        )
    assert sorted(m.to[0] for m in mailoutbox) == [manager_a.email, manager_b.email]
    assert f"/trainings/skills/rounds/{assessment_round.pk}/" in mailoutbox[0].body
    assert notify_assessment_round(assessment_round.pk) == 0  # a second run sends nothing
    assert len(mailoutbox) == 2
