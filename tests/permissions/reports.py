"""Reports: requested PDFs and spreadsheets, made by a task, downloaded when done.

Who sees a report (tracekei.reports.selectors): a coordinator (or admin) every report of
their project, a cluster's manager their cluster's reports, and nobody else anything: a
viewer has no report page (404), like another cluster's manager."""

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.permissions import (
    DONE,
    api,
    api_create,
    api_list,
    api_read,
    page,
    read_a,
    signed_in,
    with_,
)
from tracekei.reports.models import ReportRequest
from tracekei.reports.pdf import CLUSTER_PROFILE


def setup(world):
    # A finished report (its file in the matrix's own MEDIA_ROOT), so that its download
    # is checked, not only the 404 of a report still queued.
    row = ReportRequest(
        project=world.project,
        cluster=world.cluster_a,
        report_type=CLUSTER_PROFILE,
        requested_by=world.users["manager_a"],
        status=ReportRequest.Status.DONE,
        finished_at=timezone.now(),
        page_count=1,
    )
    row.file.save("matrix-report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    row.save()
    world.objects["report"] = row


def report(world):
    return {"pk": world.objects["report"].pk}


def cluster_a_profile(world):
    return {"report_type": CLUSTER_PROFILE, "cluster": world.cluster_a.slug, "language": "en"}


#: A's report: its managers, the coordinator and the admin; not its viewer.
MANAGERS_A = with_(read_a(), viewer_a=404)

URLS = {
    "reports:index": page(
        get=with_(signed_in(), viewer_a=404),
        post=with_(signed_in(DONE), viewer_a=404),
        note="a viewer may ask for no report: no page",
    ),
    "reports:detail": page(report, get=MANAGERS_A),
    "reports:regenerate": page(report, post=with_(read_a(DONE), viewer_a=404)),
    "reports:download": page(report, get=MANAGERS_A),
    # API
    "report-list": api(
        get=api_list(),
        post=api_create(),
        data={"post": cluster_a_profile},
        note="A's cluster profile: its viewer is refused (403), B's manager gets a field "
        "error (400: A is not among his clusters)",
    ),
    "report-detail": api(report, get=with_(api_read(), viewer_a=404)),
    "report-download": api(report, get=with_(api_read(), viewer_a=404)),
}
