"""Asking for a report and generating it: who may ask, one file per request whatever
happens to the worker, a failure recorded without a file."""

import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from tests.reports.conftest import pdf_page_count
from tracekei.reports import services
from tracekei.reports.models import ReportRequest

pytestmark = pytest.mark.django_db


def ask(actor, report_type="cluster-profile", cluster=None, project=None):
    return services.report_request(
        actor=actor,
        report_type=report_type,
        project=project or cluster.project,
        cluster=cluster,
    )


def test_the_coordinator_may_ask_for_every_report(coordinator, project, cluster_b):
    assert ask(coordinator, "kpi-progress", project=project).cluster is None
    assert ask(coordinator, cluster=cluster_b).cluster == cluster_b


def test_a_manager_may_ask_for_their_own_clusters_report_only(manager_a, cluster_a, cluster_b):
    assert ask(manager_a, cluster=cluster_a).requested_by == manager_a
    with pytest.raises(PermissionDenied):
        ask(manager_a, cluster=cluster_b)
    with pytest.raises(PermissionDenied):
        ask(manager_a, "kpi-progress", project=cluster_a.project)
    assert ReportRequest.objects.count() == 1


def test_a_viewer_may_not_ask(viewer_a, cluster_a):
    with pytest.raises(PermissionDenied):
        ask(viewer_a, cluster=cluster_a)


def test_an_unknown_report_is_a_field_error(coordinator, cluster_a):
    with pytest.raises(ValidationError) as error:
        ask(coordinator, "no-such-report", cluster=cluster_a)
    assert "report_type" in error.value.message_dict


def test_a_cluster_report_needs_its_cluster(coordinator, project):
    with pytest.raises(ValidationError) as error:
        ask(coordinator, "cluster-profile", project=project)
    assert "cluster" in error.value.message_dict


def test_coordinating_another_project_gives_nothing_here(manager_a, cluster_a):
    """A manager of ALPHA who coordinates some other project is still only a manager here."""
    from tests.factories import ProjectFactory

    other = ProjectFactory(acronym="OTHER")
    manager_a.role_assignments.create(role="coordinator", project=other)
    with pytest.raises(PermissionDenied):
        ask(manager_a, "kpi-progress", project=cluster_a.project)
    assert ask(manager_a, "kpi-progress", project=other).project == other


def test_generating_twice_leaves_one_file_and_one_result(manager_a, cluster_a):
    row = ask(manager_a, cluster=cluster_a)
    done = services.report_generate(request_id=row.pk)
    assert done.status == "done" and done.attempts == 1
    first = done.file.name
    again = services.report_generate(request_id=row.pk)  # a redelivered task
    assert again.attempts == 1 and again.file.name == first
    folder = os.path.dirname(default_storage.path(first))
    assert os.listdir(folder) == [os.path.basename(first)]
    assert done.page_count == pdf_page_count(default_storage.path(first)) >= 3
    assert done.duration is not None and done.finished_at is not None


def test_a_run_killed_half_way_is_done_again_into_the_one_file(manager_a, cluster_a):
    """What a killed worker leaves: the row still running, a temporary file (and even a
    final file moved but not yet recorded). Run again, the row is done with one file."""
    row = ask(manager_a, cluster=cluster_a)
    name = services.file_name(row)
    final = default_storage.path(name)
    os.makedirs(os.path.dirname(final))
    with open(final, "wb") as handle:
        handle.write(b"%PDF-1.7 half")
    with open(f"{final}.999.part", "wb") as handle:
        handle.write(b"%PDF-1.7 half")
    ReportRequest.objects.filter(pk=row.pk).update(status="running", attempts=1)
    assert not ReportRequest.objects.get(pk=row.pk).file  # never "done" without its file

    done = services.report_generate(request_id=row.pk)
    assert (done.status, done.attempts, done.file.name) == ("done", 2, name)
    with open(final, "rb") as handle:
        assert len(handle.read()) == done.file_size > 1000
    finals = [f for f in os.listdir(os.path.dirname(final)) if f.endswith(".pdf")]
    assert finals == [os.path.basename(final)]


def test_a_failure_is_recorded_with_its_error_and_no_file(manager_a, cluster_a):
    row = ask(manager_a, cluster=cluster_a)
    # The manager lost their cluster before the worker ran: their view is a 404.
    manager_a.role_assignments.all().delete()
    with pytest.raises(Exception):  # noqa: B017 - the task raises whatever failed
        services.report_generate(request_id=row.pk)
    row.refresh_from_db()
    assert row.status == "failed" and row.error and not row.file


def test_regenerate_makes_a_new_request_and_keeps_the_old(manager_a, cluster_a):
    first = ask(manager_a, cluster=cluster_a)
    second = services.report_regenerate(actor=manager_a, previous=first)
    assert second.pk != first.pk
    assert (second.report_type, second.cluster, second.language) == (
        "cluster-profile",
        cluster_a,
        "en",
    )
    assert ReportRequest.objects.count() == 2
