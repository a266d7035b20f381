"""The apps' reports rendered on the demo data: the figures in the PDF's text are the
selectors' (as the pages show them), the page count is plausible and the contents point
to the right pages."""

import io
import re
import shutil
import subprocess

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format

from clusters.models import Cluster, RoleAssignment
from services import selectors as services_selectors
from services.models import ServiceMapping
from strategy.models import JointStrategy, StrategyVersion, VersionStatus
from tests.reports.conftest import pdf_page_count, pdf_pages
from tests.reports.test_pdf import check_contents
from tracekei.kpi import selectors as kpi_selectors
from tracekei.reports import services
from tracekei.reports.catalogue import report_types
from trainings import selectors as trainings_selectors
from trainings.models import Activity, Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())
    return RoleAssignment.objects.get(role="coordinator").user


def manager_of(slug):
    return RoleAssignment.objects.filter(role="manager", cluster__slug=slug).first().user


def generate(actor, report_type, cluster=None, **extra):
    project = cluster.project if cluster else actor.role_assignments.first().project
    row = services.report_request(
        actor=actor, report_type=report_type, project=project, cluster=cluster, **extra
    )
    row = services.report_generate(request_id=row.pk)
    assert row.status == "done", row.error
    path = default_storage.path(row.file.name)
    pages = pdf_pages(path)
    assert row.page_count == pdf_page_count(path) == len(pages)
    row.flow = flow_text(path)
    return row, pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def flow_text(path) -> str:
    """The PDF's text in drawing order, spaces squeezed: a table row whose cells wrap
    reads as one run of words."""
    raw = subprocess.run(
        [shutil.which("pdftotext"), "-raw", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return squeeze(raw)


def test_the_services_report_of_a_cluster_shows_its_mapping_catalogue_and_gap(demo):
    cluster = Cluster.objects.get(slug="agroco")
    manager = manager_of("agroco")
    row, pages = generate(manager, "services-mapping", cluster)
    assert 4 <= row.page_count <= 12
    text = "\n".join(pages)
    # The mapping side by side: committed members and the service-fee share per period.
    mappings = {m.period: m for m in ServiceMapping.objects.filter(cluster=cluster)}
    assert len(mappings) >= 2
    values = [mappings[p] for p in ("baseline", "mid_term", "final") if p in mappings]
    members = r"\s+".join(str(m.committed_members) for m in values)
    assert re.search(rf"Committed members\s+{members}", text)
    fees = r"\s+".join(str(m.revenue_services) for m in values)
    assert re.search(rf"Service fees \(%\)\s+{fees}", text)
    # The catalogue as services.selectors lists it, with each service's deliveries.
    listed = services_selectors.service_list(user=manager).filter(cluster=cluster)
    for service in listed:
        cells = (
            service.name,
            service.category.name,
            service.get_status_display(),
            service.get_fee_model_display(),
            str(service.delivery_count),
        )
        assert " ".join(cells) in row.flow, service.name
    total = sum(service.delivery_count for service in listed)
    assert f"{total} Deliveries (all time)" in row.flow
    # The gap: offered / partly / missing as the selector counts them.
    items = services_selectors.reference_coverage(cluster)
    counts = [sum(1 for i in items if i.coverage == c) for c in ("offered", "partly", "missing")]
    assert re.search(r"\s+".join(map(str, counts)) + r"\s*\n\s*Offered\s+Partly\s+Missing", text)
    # Nothing of another cluster.
    other = Cluster.objects.get(slug="innoskart")
    assert other.legal_name not in text
    check_contents(pages, "services-mapping")


def test_the_consortium_services_report_covers_every_cluster(demo):
    row, pages = generate(demo, "services-mapping")
    text = "\n".join(pages)
    matrix = services_selectors.service_matrix(user=demo, project=row.project)
    references = services_selectors.reference_portfolio(row.project)
    count = len({r.category_id for r in references})
    assert text
    categories = [
        matrix.categories.index(next(c for c in matrix.categories if c.pk == ref.category_id))
        for ref in references
    ]
    for matrix_row in matrix.rows:
        labels = " ".join(str(matrix_row.cells[i].coverage_label) for i in categories)
        expected = f"{matrix_row.cluster.acronym} {labels} {matrix_row.reference_covered} / {count}"
        assert expected in row.flow, expected
    check_contents(pages, "services-mapping")


def test_the_trainings_report_shows_attendance_hours_and_the_skill_levels(demo):
    row, pages = generate(demo, "trainings-skills")
    assert 3 <= row.page_count <= 12
    text = "\n".join(pages)
    held = Activity.objects.filter(status="held", organising_cluster__project=row.project)
    hours = Attendance.objects.filter(participation__activity__in=held).aggregate(h=Sum("hours"))
    assert re.search(
        rf"^\s*Total\s+\d+\s+\d+\s+\d+\s+{floatformat(hours['h'], '-1')}\s*$", text, re.M
    )
    progress = trainings_selectors.progress(user=demo, project_id=row.project_id)
    for cluster_row in progress["clusters"]:
        assert re.search(
            rf"^\s*{re.escape(cluster_row.name)}\s+{cluster_row.before}\s+{cluster_row.after}",
            text,
            re.M,
        ), cluster_row.name
    needs = trainings_selectors.modules_most_needed(assessment_round=progress["baseline"])
    # In the selector's order (the table may run over a page: row by row).
    at = row.flow.index("Modules most needed The weakest modules")
    for need in needs:
        average = need.average if need.average is not None else "—"
        at = row.flow.index(f"{need.module.name} {average} {need.low_count} {need.rated}", at)
    check_contents(pages, "trainings-skills")


def test_the_cluster_strategy_prints_the_adopted_version_or_the_one_asked_for(demo):
    cluster = Cluster.objects.get(slug="dare")
    manager = manager_of("dare")
    adopted = StrategyVersion.objects.get(strategy__cluster=cluster, status=VersionStatus.ADOPTED)
    row, pages = generate(manager, "cluster-strategy", cluster)
    text = row.flow
    assert f"{adopted.number} · Adopted" in text
    for goal in adopted.goals.all():
        assert squeeze(goal.objective) in text
    for heading in ("Vision and mission", "SWOT analysis", "Action roadmap", "RIS3 alignment"):
        assert heading in text
    check_contents(pages, "cluster-strategy")
    older = StrategyVersion.objects.filter(strategy__cluster=cluster).exclude(pk=adopted.pk)
    older = older.order_by("number").first()
    _row, pages = generate(manager, "cluster-strategy", cluster, options={"version": older.pk})
    assert f"{older.number} · {older.get_status_display()}" in squeeze("\n".join(pages))


def test_another_clusters_strategy_version_cannot_be_printed(demo):
    cluster = Cluster.objects.get(slug="agroco")
    foreign = StrategyVersion.objects.exclude(strategy__cluster=cluster).first()
    row = services.report_request(
        actor=manager_of("agroco"),
        report_type="cluster-strategy",
        project=cluster.project,
        cluster=cluster,
        options={"version": foreign.pk},
    )
    with pytest.raises(Exception):  # noqa: B017 - the 404 of the scoped read
        services.report_generate(request_id=row.pk)
    row.refresh_from_db()
    assert row.status == "failed" and not row.file


def test_the_joint_strategy_lists_its_goals_with_their_clusters(demo):
    row, pages = generate(demo, "joint-strategy")
    text = row.flow
    joint = JointStrategy.objects.get(project=row.project)
    assert joint.title in text
    for goal in joint.goals.all():
        assert squeeze(goal.objective) in text
    adopted = StrategyVersion.objects.filter(status=VersionStatus.ADOPTED).count()
    assert text.count("No strategy adopted yet.") == Cluster.objects.count() - adopted
    check_contents(pages, "joint-strategy")


def test_the_dissemination_report_counts_outside_countries_as_the_indicator(demo):
    row, pages = generate(demo, "dissemination")
    text = "\n".join(pages)
    view = kpi_selectors.kpi_view(user=demo, project_id=row.project_id)
    kpis = {r.indicator.code: r for r in kpi_selectors.indicator_rows(view=view)}
    outside = int(kpis["outside_countries"].value)
    assert re.search(rf"\s{outside}\s*\n\s*Countries reached\s+Countries outside", text)
    dialogues = int(kpis["policy_dialogues"].value)
    assert re.search(rf"^\s*{dialogues}\s*\n\s*Policy dialogues\s*$", text, re.M)
    formed = int(kpis["collaborations_formed"].value)
    assert re.search(rf"^\s*{formed}\s.*\n\s*Collaborations formed", text, re.M)
    check_contents(pages, "dissemination")


def test_the_final_report_has_every_part_in_one_document_with_one_contents(demo):
    row, pages = generate(demo, "final-report")
    assert 12 <= row.page_count <= 40
    contents = pages[1]
    for part in (
        "Key performance indicators",
        "Cluster services",
        "Trainings and skills",
        "Strategies",
        "Dissemination and cooperation",
    ):
        assert re.search(rf"^\s*{part}\s*$", contents, re.M), part
    view = kpi_selectors.kpi_view(user=demo, project_id=row.project_id)
    for kpi in kpi_selectors.indicator_rows(view=view):
        if kpi.measured:
            unit = f" ({kpi.indicator.unit})" if kpi.indicator.unit else ""
            figure = f"{kpi.indicator.label}{unit} {floatformat(kpi.value, '-2')} "
            assert figure in row.flow, kpi.indicator.code
    check_contents(pages, "final-report")
    # The footer's date has the cover's format.
    today = date_format(timezone.localdate(), "j F Y")
    assert f"{row.project.acronym} · {today}" in pages[2]
    assert today in pages[0]


def test_an_app_adds_its_part_to_the_final_report_with_one_call():
    from tracekei.reports.catalogue import Catalogue

    catalogue = Catalogue()
    catalogue.report("final-report", title="Final", per_cluster=False)
    catalogue.section(
        "final-report", code="b", title="B", template="x", gather=dict, position=500, part="Surveys"
    )
    catalogue.section("final-report", code="a", title="A", template="x", gather=dict, position=10)
    assert [s.code for s in catalogue.types["final-report"].sections] == ["a", "b"]
    assert catalogue.types["final-report"].sections[1].part == "Surveys"
    assert "final-report" in report_types()
