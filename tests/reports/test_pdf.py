"""Both reports rendered on the demo data: the figures in the PDF's text are the KPI
snapshot's, the page count is the PDF's, and the contents point to the right pages."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template.defaultfilters import floatformat

from clusters.models import Cluster, Member, RoleAssignment, active_members_q
from tests.reports.conftest import pdf_page_count, pdf_pages
from tracekei.kpi import selectors as kpi_selectors
from tracekei.reports import services
from tracekei.reports.catalogue import report_types

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo_data", stdout=io.StringIO())
    return RoleAssignment.objects.get(role="coordinator").user


def generate(actor, report_type, cluster=None):
    project = cluster.project if cluster else actor.role_assignments.get().project
    row = services.report_request(
        actor=actor, report_type=report_type, project=project, cluster=cluster
    )
    row = services.report_generate(request_id=row.pk)
    assert row.status == "done", row.error
    return row, default_storage.path(row.file.name)


def number(value) -> str:
    return floatformat(value, "-2")


def check_contents(pages: list[str], report_type: str) -> None:
    """Every section is listed in the contents with a page number, and that page has the
    section's heading on a line of its own (the running header shares its line)."""
    contents = next(page for page in pages if re.search(r"^\s*Contents\s*$", page, re.M))
    titles = [str(section.title) for section in report_types()[report_type].sections]
    for title in titles:
        found = re.search(rf"^\s*{re.escape(title)}[ .]*?(\d+)\s*$", contents, re.M)
        assert found, f"{title} is not in the contents"
        page = pages[int(found.group(1)) - 1]
        assert re.search(rf"^\s*{re.escape(title)}\s*$", page, re.M), f"{title} not on its page"


def test_the_consortium_kpi_report_shows_every_indicator_as_the_snapshot_has_it(demo):
    row, path = generate(demo, "kpi-progress")
    pages = pdf_pages(path)
    assert row.page_count == pdf_page_count(path) == len(pages)
    assert 3 <= row.page_count <= 12  # cover, contents, a table or two
    text = "\n".join(pages)
    assert "Co-funded by the COSME programme of the European Union" in pages[0]
    assert f"Page 3 of {row.page_count}" in pages[2]

    view = kpi_selectors.kpi_view(user=demo, project_id=row.project_id)
    rows = [r for r in kpi_selectors.indicator_rows(view=view) if r.measured]
    assert len(rows) >= 10
    for kpi in rows:
        target = number(kpi.indicator.target) if kpi.indicator.target is not None else "—"
        percent = rf"{kpi.percent}\s*%" if kpi.percent is not None else "—"
        line = rf"\s{re.escape(number(kpi.value))}\s+{re.escape(target)}\s+{percent}"
        assert re.search(line + rf"\s+{re.escape(str(kpi.status_label))}", text), kpi.indicator
    # The contribution table: each cluster's share of an indicator, then the total.
    table = kpi_selectors.contribution_table(view=view, rows=rows)
    for index, column in enumerate(table["columns"]):
        cells = [number(cells[index][1]) for _, cells in table["rows"]] + [number(column.value)]
        assert re.search(r"\s+".join(map(re.escape, cells)) + r"\s*$", text, re.M), column
    assert row.data_as_of == max(r.snapshot.computed_at for r in rows)
    check_contents(pages, "kpi-progress")


def test_the_cluster_profile_report_shows_the_clusters_own_figures(demo):
    cluster = Cluster.objects.get(slug="agroco")
    manager = RoleAssignment.objects.filter(role="manager", cluster=cluster).first().user
    row, path = generate(manager, "cluster-profile", cluster)
    pages = pdf_pages(path)
    assert row.page_count == pdf_page_count(path) == len(pages)
    assert 3 <= row.page_count <= 15
    text = "\n".join(pages)
    assert cluster.legal_name in pages[0]

    view = kpi_selectors.kpi_view(user=manager, project_id=row.project_id, cluster_slug="agroco")
    rows = [r for r in kpi_selectors.indicator_rows(view=view) if r.measured]
    assert rows
    for kpi in rows:
        target = number(kpi.indicator.target) if kpi.indicator.target is not None else "—"
        label = re.escape(str(kpi.indicator.label))
        assert re.search(rf"{label}\s+{re.escape(number(kpi.value))}\s+{re.escape(target)}", text)
    active = Member.objects.filter(active_members_q(), cluster=cluster).count()
    assert re.search(rf"^\s*Total\s+{active}\s*$", text, re.M)
    # Another cluster's members are not in this cluster's report.
    other = Member.objects.exclude(cluster=cluster).exclude(
        organisation_key__in=Member.objects.filter(cluster=cluster).values("organisation_key")
    )
    assert not any(member.name in text for member in other[:20])
    check_contents(pages, "cluster-profile")
