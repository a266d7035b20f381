"""The SME satisfaction report rendered on the demo data: its figures are in the PDF's text."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from clusters.models import Cluster, RoleAssignment
from surveys import pdf, results, standard
from tests.reports.conftest import pdf_pages, private_storage  # noqa: F401 - fixture (autouse)
from tracekei.reports import services
from tracekei.reports.catalogue import report_types

pytestmark = pytest.mark.django_db


def generate(actor, report_type, project, cluster=None):
    row = services.report_request(
        actor=actor, report_type=report_type, project=project, cluster=cluster
    )
    row = services.report_generate(request_id=row.pk)
    assert row.status == "done", row.error
    return "\n".join(pdf_pages(default_storage.path(row.file.name)))


def test_the_report_types_are_registered():
    types = report_types()
    assert types[pdf.CLUSTER_REPORT].per_cluster
    assert not types[pdf.CONSORTIUM_REPORT].per_cluster
    codes = [section.code for section in types[pdf.CLUSTER_REPORT].sections]
    assert codes[0] == "survey-response-rates" and "survey-comments" in codes


def test_consortium_and_cluster_reports_show_the_figures():
    call_command("load_demo_data", stdout=io.StringIO())
    coordinator = RoleAssignment.objects.get(role="coordinator").user
    project = coordinator.role_assignments.get().project
    outcome = results.overview_results(
        coordinator, key=standard.KEY, start=project.start_date, end=project.end_date
    )
    text = generate(coordinator, pdf.CONSORTIUM_REPORT, project)
    assert "Satisfaction index" in text
    assert str(outcome.index) in text
    assert f"{outcome.total.submitted}" in text and f"{outcome.total.invited}" in text
    for group in outcome.groups:
        assert group.cluster.acronym in text
    assert "Tailor-made services and readiness to pay" in text

    cluster = Cluster.objects.get(slug="bioma")
    mine = results.overview_results(
        coordinator,
        key=standard.KEY,
        start=project.start_date,
        end=project.end_date,
        cluster=cluster,
    )
    text = generate(coordinator, pdf.CLUSTER_REPORT, project, cluster)
    assert str(mine.index) in text
    assert "AGROCO" not in text.split("Response rates", 1)[-1].split("Comments")[0]
