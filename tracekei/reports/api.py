"""REST API of the reports layer: ask for a report, follow its status, download it.
Scoped like the pages (tracekei.reports.selectors)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from clusters.serializers import raise_as_drf
from tracekei import access

from . import selectors, services, views
from .catalogue import report_types
from .models import ReportRequest


class ReportRequestSerializer(serializers.ModelSerializer):
    report_type = serializers.ChoiceField(choices=[])
    cluster = serializers.SlugRelatedField(
        slug_field="slug", queryset=access.visible_clusters(None), required=False, allow_null=True
    )
    # A plain string checked against LANGUAGES (a choice field would give the schema a
    # second enum of the same languages under another name).
    language = serializers.CharField(default="en", max_length=10)
    download = serializers.SerializerMethodField()

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "report_type",
            "cluster",
            "language",
            "period_start",
            "period_end",
            "options",
            "status",
            "stage",
            "created_at",
            "finished_at",
            "duration",
            "data_as_of",
            "page_count",
            "error",
            "download",
        ]
        read_only_fields = [
            f
            for f in fields
            if f
            not in ("report_type", "cluster", "language", "period_start", "period_end", "options")
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_type"].choices = list(report_types())
        request = self.context.get("request")
        if request is not None:
            self.fields["cluster"].queryset = access.visible_clusters(request.user)

    def validate_language(self, value: str) -> str:
        if value not in dict(settings.LANGUAGES):
            raise serializers.ValidationError(_("Unknown language."))
        return value

    def get_download(self, row) -> str | None:
        request = self.context.get("request")
        if row.status != ReportRequest.Status.DONE or request is None:
            return None
        return request.build_absolute_uri(f"/api/reports/{row.pk}/download/")


class ReportRequestViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """POST ``{"report_type", "cluster", "language"}`` (and optionally ``period_start``,
    ``period_end``, ``options`` such as ``{"version": <pk>}``) queues a report; GET follows it;
    ``download/`` returns the PDF once done."""

    serializer_class = ReportRequestSerializer
    filterset_fields = ["status", "report_type"]

    def get_queryset(self):
        return selectors.request_list(user=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cluster = data.get("cluster")
        if cluster is not None:
            project = cluster.project
        else:
            project = selectors.coordinated_projects(request.user).order_by("start_date").first()
            if project is None:
                raise serializers.ValidationError({"cluster": ["This field is required."]})
        try:
            row = services.report_request(
                actor=request.user,
                report_type=data["report_type"],
                project=project,
                cluster=cluster,
                language=data["language"],
                period_start=data.get("period_start"),
                period_end=data.get("period_end"),
                options=data.get("options") or {},
            )
        except ValidationError as error:
            raise_as_drf(error)
        # A PermissionDenied (a viewer asking for their cluster's report) is DRF's 403:
        # the cluster is one they see; one they do not see is a field error above.
        row.refresh_from_db()
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        return views.pdf_response(self.get_object())


def register(router) -> None:
    router.register("reports", ReportRequestViewSet, basename="report")
