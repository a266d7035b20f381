"""The exports page and its files (pages and API): every registered dataset, scoped."""

from __future__ import annotations

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from tracekei import access

from . import registry, writers

KINDS = ("csv", "xlsx")


def export_index(request):
    datasets = list(registry()) if access.visible_clusters(request.user).exists() else []
    return render(request, "exports/index.html", {"datasets": datasets})


def file_response(user, code: str, kind: str):
    dataset = registry().get(code)
    if dataset is None or kind not in KINDS:
        raise Http404
    header, rows = dataset.rows(user)
    name = f"{code}-{timezone.localdate().isoformat()}.{kind}"
    if kind == "csv":
        response = StreamingHttpResponse(
            writers.csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    else:
        response = FileResponse(
            writers.xlsx_file(header, rows, sheet_name=str(dataset.title)),
            as_attachment=True,
            filename=name,
            content_type=writers.XLSX_CONTENT_TYPE,
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def export_file(request, code: str, kind: str):
    return file_response(request.user, code, kind)


class _AnyFormat(BaseContentNegotiation):
    """The file's type comes from the URL, whatever the client's Accept header says."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class ExportFileAPIView(APIView):
    """GET /api/exports/<code>.csv or .xlsx: a dataset as a file, scoped to the caller
    (token or session). Anonymous: 401."""

    # Token first, so an anonymous call is told how to authenticate (401, not 403).
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    content_negotiation_class = _AnyFormat
    schema = None  # a file, not JSON: left out of the OpenAPI schema

    def get(self, request, code: str, kind: str):
        return file_response(request.user, code, kind)
