"""The register's rules: who may do what, the status moves, the late justification."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.deliverables.conftest import pdf_upload
from tests.factories import DeliverableFactory, make_manager
from tracekei.deliverables import selectors, services
from tracekei.deliverables.models import Deliverable, Status

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PAST = TODAY - dt.timedelta(days=30)
FUTURE = TODAY + dt.timedelta(days=30)


def test_the_coordinator_creates_and_the_history_starts(coordinator, cluster_a):
    deliverable = services.deliverable_create(
        actor=coordinator,
        lead_cluster=cluster_a,
        number="D1.1",
        title="Mapping of services",
        work_package="wp1",
        due_date=FUTURE,
    )
    assert deliverable.project_id == cluster_a.project_id
    assert deliverable.status == Status.PENDING
    change = deliverable.history.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("", "pending", coordinator)


def test_a_manager_cannot_create_or_edit(manager_a, cluster_a):
    with pytest.raises(PermissionDenied):
        services.deliverable_create(
            actor=manager_a,
            lead_cluster=cluster_a,
            number="D1.1",
            title="x",
            work_package="wp1",
            due_date=FUTURE,
        )
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    with pytest.raises(PermissionDenied):
        services.deliverable_update(actor=manager_a, deliverable=deliverable, title="Mine now")


def test_the_lead_manager_attaches_and_submits_but_cannot_approve(manager_a, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=FUTURE)
    assert selectors.allowed_targets(manager_a, deliverable) == ["draft", "submitted"]
    services.deliverable_attach_file(actor=manager_a, deliverable=deliverable, upload=pdf_upload())
    services.deliverable_transition(actor=manager_a, deliverable=deliverable, to_status="draft")
    deliverable = services.deliverable_transition(
        actor=manager_a, deliverable=deliverable, to_status="submitted"
    )
    assert deliverable.submitted_on == TODAY
    assert selectors.allowed_targets(manager_a, deliverable) == []
    with pytest.raises(PermissionDenied):
        services.deliverable_transition(
            actor=manager_a, deliverable=deliverable, to_status="approved"
        )
    assert [c.to_status for c in deliverable.history.order_by("pk")] == ["draft", "submitted"]


def test_other_managers_and_viewers_only_read(manager_b, viewer_a, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    for user in (manager_b, viewer_a):
        assert selectors.deliverable_get(user=user, pk=deliverable.pk) == deliverable
        assert selectors.allowed_targets(user, deliverable) == []
        assert not selectors.may_attach(user, deliverable)
        with pytest.raises(PermissionDenied):
            services.deliverable_transition(actor=user, deliverable=deliverable, to_status="draft")
        with pytest.raises(PermissionDenied):
            services.deliverable_attach_file(
                actor=user, deliverable=deliverable, upload=pdf_upload()
            )


def test_submitting_needs_a_file(coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=FUTURE)
    with pytest.raises(ValidationError) as error:
        services.deliverable_transition(
            actor=coordinator, deliverable=deliverable, to_status="submitted"
        )
    assert "status" in error.value.message_dict


def test_a_late_submission_needs_a_justification(coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST)
    assert deliverable.is_overdue()
    services.deliverable_attach_file(
        actor=coordinator, deliverable=deliverable, upload=pdf_upload()
    )
    with pytest.raises(ValidationError) as error:
        services.deliverable_transition(
            actor=coordinator, deliverable=deliverable, to_status="submitted"
        )
    assert "late_justification" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.status == "pending"
    deliverable = services.deliverable_transition(
        actor=coordinator,
        deliverable=deliverable,
        to_status="submitted",
        late_justification="The partner's data came late.",
    )
    assert deliverable.submitted_late and not deliverable.is_overdue()


def test_a_submission_on_the_due_date_needs_no_justification(coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST)
    services.deliverable_attach_file(
        actor=coordinator, deliverable=deliverable, upload=pdf_upload()
    )
    deliverable = services.deliverable_transition(
        actor=coordinator, deliverable=deliverable, to_status="submitted", submitted_on=PAST
    )
    assert not deliverable.submitted_late


def test_the_database_refuses_an_unjustified_late_submission(cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliverable.objects.filter(pk=deliverable.pk).update(status="submitted", submitted_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deliverable.objects.filter(pk=deliverable.pk).update(status="submitted")


def test_rejected_goes_back_to_pending_for_a_resubmission(coordinator, manager_a, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=FUTURE)
    services.deliverable_attach_file(actor=manager_a, deliverable=deliverable, upload=pdf_upload())
    services.deliverable_transition(actor=manager_a, deliverable=deliverable, to_status="submitted")
    with pytest.raises(ValidationError) as error:
        services.deliverable_transition(
            actor=coordinator, deliverable=deliverable, to_status="rejected"
        )
    assert "comment" in error.value.message_dict
    deliverable = services.deliverable_transition(
        actor=coordinator, deliverable=deliverable, to_status="rejected", comment="Annex missing."
    )
    assert deliverable.status == "rejected"
    deliverable = services.deliverable_transition(
        actor=coordinator, deliverable=deliverable, to_status="pending"
    )
    assert deliverable.submitted_on is None
    services.deliverable_transition(actor=manager_a, deliverable=deliverable, to_status="submitted")
    history = list(deliverable.history.order_by("pk").values_list("to_status", "comment"))
    assert history == [
        ("submitted", ""),
        ("rejected", "Annex missing."),
        ("pending", ""),
        ("submitted", ""),
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("virus.exe", b"MZ..."),
        ("fake.pdf", b"not a pdf at all"),
    ],
)
def test_uploads_are_checked(coordinator, cluster_a, name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    with pytest.raises(ValidationError) as error:
        services.deliverable_attach_file(
            actor=coordinator, deliverable=deliverable, upload=SimpleUploadedFile(name, content)
        )
    assert "file" in error.value.message_dict
    deliverable.refresh_from_db()
    assert not deliverable.file


def test_upload_size_limit_is_a_setting(coordinator, cluster_a, settings):
    settings.DELIVERABLES_UPLOAD_MAX_BYTES = 1024
    deliverable = DeliverableFactory(lead_cluster=cluster_a)
    with pytest.raises(ValidationError) as error:
        services.deliverable_attach_file(
            actor=coordinator, deliverable=deliverable, upload=pdf_upload(size=2048)
        )
    assert "file" in error.value.message_dict


def test_a_submitted_deliverables_file_cannot_change(coordinator, cluster_a):
    deliverable = DeliverableFactory(lead_cluster=cluster_a, due_date=FUTURE)
    services.deliverable_attach_file(
        actor=coordinator, deliverable=deliverable, upload=pdf_upload()
    )
    services.deliverable_transition(
        actor=coordinator, deliverable=deliverable, to_status="submitted"
    )
    with pytest.raises(ValidationError):
        services.deliverable_attach_file(
            actor=coordinator, deliverable=deliverable, upload=pdf_upload()
        )


def test_visibility_is_the_project(manager_a, viewer_a, coordinator, cluster_a, cluster_b):
    from tests.factories import ClusterFactory, ProjectFactory

    mine = DeliverableFactory(lead_cluster=cluster_b)
    elsewhere = DeliverableFactory(
        lead_cluster=ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="zeta")
    )
    outsider = make_manager(elsewhere.lead_cluster)
    for user in (manager_a, viewer_a, coordinator):
        assert list(selectors.deliverable_list(user=user)) == [mine]
    assert list(selectors.deliverable_list(user=outsider)) == [elsewhere]


def test_due_next_lists_open_ones_overdue_first(coordinator, manager_a, cluster_a):
    late = DeliverableFactory(lead_cluster=cluster_a, due_date=PAST, number="D1")
    soon = DeliverableFactory(lead_cluster=cluster_a, due_date=FUTURE, number="D2")
    DeliverableFactory(
        lead_cluster=cluster_a, due_date=PAST, number="D3", status="submitted", submitted_on=PAST
    )
    for number in range(4, 10):
        DeliverableFactory(
            lead_cluster=cluster_a, due_date=FUTURE + dt.timedelta(days=number), number=f"D{number}"
        )
    due = selectors.due_next(user=coordinator)
    assert due[:2] == [late, soon] and len(due) == 5
    assert selectors.due_next(user=manager_a) == []  # the coordinator's list


def test_the_lead_cluster_belongs_to_the_project(project, cluster_a):
    from tests.factories import ClusterFactory, ProjectFactory

    stranger = ClusterFactory(project=ProjectFactory(acronym="OTHER"), slug="zeta")
    deliverable = Deliverable(
        project=project, lead_cluster=stranger, number="D1", title="x", work_package="wp1",
        due_date=FUTURE,
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        deliverable.full_clean()
    assert "lead_cluster" in error.value.message_dict
