"""Pages of the reports layer: ask for a report, follow its progress, download it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services
from .forms import ReportRequestForm

HISTORY_SHOWN = 50


@require_http_methods(["GET", "POST"])
def index(request):
    """The catalogue (a form to ask for a report) and the history of reports."""
    offer = selectors.requestable(request.user)
    if not offer["types"] or not (offer["projects"] or offer["clusters"]):
        raise Http404
    form = ReportRequestForm(
        request.POST or None, offer=offer, initial={"language": get_language()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cluster = data["cluster_object"]
        project = cluster.project if cluster is not None else offer["projects"][0]
        try:
            row = services.report_request(
                actor=request.user,
                report_type=data["report_type"],
                project=project,
                cluster=cluster,
                language=data["language"],
                period_start=data.get("period_start"),
                period_end=data.get("period_end"),
            )
        except PermissionDenied:
            form.add_error("cluster", _("You may not ask for this report."))
        else:
            return redirect("reports:detail", pk=row.pk)
    history = selectors.request_list(user=request.user)[:HISTORY_SHOWN]
    return render(request, "reports/index.html", {"form": form, "history": history})


def detail(request, pk):
    """A report's progress (a fragment with ?fragment=1 for the polling script) and,
    once done, its download."""
    row = selectors.request_get(user=request.user, pk=pk)
    context = {"row": row}
    if request.GET.get("fragment"):
        return render(request, "reports/includes/status.html", context)
    return render(request, "reports/detail.html", context)


@require_POST
def regenerate(request, pk):
    previous = selectors.request_get(user=request.user, pk=pk)
    row = services.report_regenerate(actor=request.user, previous=previous)
    messages.info(request, _("A new report is being prepared."))
    return redirect("reports:detail", pk=row.pk)


def download(request, pk):
    row = selectors.request_get(user=request.user, pk=pk)
    return pdf_response(row)


def pdf_response(row) -> FileResponse:
    if row.status != row.Status.DONE or not row.file:
        raise Http404
    name = slugify(f"{row.project.acronym} {row.title} {row.cluster or ''} {row.pk}")
    return FileResponse(
        default_storage.open(row.file.name, "rb"),
        as_attachment=True,
        filename=f"{name}.pdf",
        content_type="application/pdf",
    )
