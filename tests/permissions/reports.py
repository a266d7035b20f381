"""Reports: requested PDFs and spreadsheets, made by a task, downloaded when done."""

from tests.permissions import (
    DONE,
    api,
    api_create,
    api_list,
    api_read,
    page,
    read_a,
    signed_in,
)
from tracekei.reports.models import ReportRequest
from tracekei.reports.pdf import CLUSTER_PROFILE


def setup(world):
    world.objects["report"] = ReportRequest.objects.create(
        project=world.project,
        cluster=world.cluster_a,
        report_type=CLUSTER_PROFILE,
        requested_by=world.users["manager_a"],
    )


def report(world):
    return {"pk": world.objects["report"].pk}


URLS = {
    "reports:index": page(get=signed_in(), post=signed_in(DONE)),
    "reports:detail": page(report, get=read_a()),
    "reports:regenerate": page(report, post=read_a(DONE)),
    "reports:download": page(report, get=read_a()),
    # API
    "report-list": api(get=api_list(), post=api_create()),
    "report-detail": api(report, get=api_read()),
    "report-download": api(report, get=api_read()),
}
