"""A PDF report asked for by someone: the row the worker renders and the history keeps.
The file lives in private storage (MEDIA_ROOT is never served); only the scoped download
view hands it out."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportRequest(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    project = models.ForeignKey(
        "clusters.Project", on_delete=models.CASCADE, related_name="report_requests"
    )
    # The catalogue's code (tracekei.reports.catalogue); a cluster report names its cluster.
    report_type = models.CharField(_("report"), max_length=60)
    cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_requests",
        verbose_name=_("cluster"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    # The dates the report covers (none: the project's), and what else it was asked for
    # with (tracekei.reports.catalogue: a strategy version, an activity, a participant).
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    options = models.JSONField(default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=40, blank=True)  # what the worker is doing now
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.DurationField(null=True, blank=True)
    error = models.TextField(blank=True)
    # When the KPI figures in the report were computed (the latest snapshot's time).
    data_as_of = models.DateTimeField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(max_length=255, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["project", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                name="report_period_ordered",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=models.F("period_start")),
                violation_error_message=_("The period cannot end before it starts."),
            ),
            # A finished report has its file and page count; an unfinished one has no file.
            models.CheckConstraint(
                name="report_done_has_file",
                condition=(
                    Q(status="done", page_count__gt=0) & ~Q(file="")
                    | (~Q(status="done") & Q(file=""))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_type} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def title(self) -> str:
        from .catalogue import report_types

        report = report_types().get(self.report_type)
        return str(report.title) if report else self.report_type
