"""The project's deliverables register: what is due to the EU, when, by whom, and where
it stands in the funding portal (pending, draft, submitted, approved, rejected)."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import no_control_characters


class Status(models.TextChoices):
    PENDING = "pending", _("Pending")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


#: Not (yet) in the EU's hands: such a deliverable past its due date is overdue.
OPEN_STATUSES = (Status.PENDING, Status.DRAFT, Status.REJECTED)
SUBMITTED_STATUSES = (Status.SUBMITTED, Status.APPROVED)


class WorkPackage(models.TextChoices):
    MANAGEMENT = "wp0", _("Project management")
    WP1 = "wp1", _("WP1 Services and skills")
    WP2 = "wp2", _("WP2 Strategy")
    WP3 = "wp3", _("WP3 Cooperation and learning")
    WP4 = "wp4", _("WP4 Dissemination")


def upload_path(instance, filename: str) -> str:
    # A random name: the original one is kept in the row, never trusted as a path.
    suffix = Path(filename).suffix.lower()[:10]
    return f"private/deliverables/{instance.project_id}/{secrets.token_hex(16)}{suffix}"


class DeliverableQuerySet(models.QuerySet):
    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=OPEN_STATUSES, due_date__lt=today)


class Deliverable(models.Model):
    """One deliverable of the grant agreement. Its file is either a generated report
    (a done ReportRequest) or an upload kept under MEDIA_ROOT and served only by
    tracekei.deliverables.views.download, to those who may see the deliverable."""

    project = models.ForeignKey(
        "clusters.Project", on_delete=models.CASCADE, related_name="deliverables"
    )
    number = models.CharField(
        _("number"), max_length=20, validators=[no_control_characters], help_text=_("D1.1")
    )
    title = models.CharField(_("title"), max_length=255, validators=[no_control_characters])
    work_package = models.CharField(_("work package"), max_length=4, choices=WorkPackage.choices)
    lead_cluster = models.ForeignKey(
        "clusters.Cluster",
        on_delete=models.PROTECT,
        related_name="deliverables_led",
        verbose_name=_("lead cluster"),
    )
    due_date = models.DateField(_("due date"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    late_justification = models.TextField(
        _("justification of the late submission"),
        blank=True,
        help_text=_("Required when the deliverable is submitted after its due date."),
    )
    report = models.ForeignKey(
        "reports.ReportRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliverables",
        verbose_name=_("generated report"),
    )
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True, editable=False)
    file_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "number", "pk"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="deliverable_number_unique_in_project",
                violation_error_message=_(
                    "The project already has a deliverable with this number."
                ),
            ),
            models.CheckConstraint(
                condition=Q(submitted_on__isnull=True)
                | Q(submitted_on__lte=F("due_date"))
                | ~Q(late_justification=""),
                name="deliverable_late_submission_justified",
                violation_error_message=_(
                    "Say why the deliverable was submitted after its due date."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=SUBMITTED_STATUSES) | Q(submitted_on__isnull=False),
                name="deliverable_submitted_has_date",
                violation_error_message=_("A submitted deliverable needs its submission date."),
            ),
            models.CheckConstraint(
                condition=Q(report__isnull=True) | Q(file=""),
                name="deliverable_one_attachment",
                violation_error_message=_("Attach either a generated report or a file, not both."),
            ),
        ]
        indexes = [models.Index(fields=["project", "status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("deliverables:detail", args=[self.pk])

    def clean(self):
        super().clean()
        mismatch = (
            self.lead_cluster_id
            and self.project_id
            and (self.lead_cluster.project_id != self.project_id)
        )
        if mismatch:
            raise ValidationError({"lead_cluster": _("Choose a cluster of the project.")})

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status in OPEN_STATUSES and self.due_date < today

    @property
    def submitted_late(self) -> bool:
        return bool(self.submitted_on and self.submitted_on > self.due_date)

    @property
    def has_attachment(self) -> bool:
        return bool(self.file) or self.report_id is not None

    @property
    def attachment_name(self) -> str:
        if self.file:
            return self.original_name
        if self.report_id:
            return f"{self.report.title}.pdf"
        return ""


class StatusChange(models.Model):
    """The history of a deliverable's status: who moved it, when, from what to what, why."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.deliverable.number}: {self.from_status} -> {self.to_status}"
