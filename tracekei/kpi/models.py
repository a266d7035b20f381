"""Indicators as data (code, target, how computed), their dated snapshots and the rollup
runs that write them. Pages read snapshots only; calculators run in the rollup."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Indicator(models.Model):
    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic (computed from the portal's records)")
        MANUAL = "manual", _("Manual (reported by a manager)")

    class Scope(models.TextChoices):
        CONSORTIUM = "consortium", _("Consortium-wide")
        CLUSTER = "cluster", _("Per cluster")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    project = models.ForeignKey(
        "clusters.Project", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.AUTOMATIC)
    scope = models.CharField(
        _("scope"), max_length=10, choices=Scope.choices, default=Scope.CLUSTER
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    target = models.DecimalField(
        _("target"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty for an indicator followed without a numeric target."),
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2, default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_project_target = models.BooleanField(_("project target"), default=False)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="indicator_code_unique_in_project",
                violation_error_message=_("This project already has an indicator with this code."),
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0),
                name="indicator_target_not_negative",
                violation_error_message=_("A target cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def label(self):
        """The name in the reader's language while it is the standard one (the rows are
        written in English); the coordinator's own wording once edited."""
        from .definitions import DEFINITIONS

        definition = DEFINITIONS.get(self.code)
        if definition is not None:
            with translation.override("en"):
                standard = str(definition[0])
            if self.name == standard:
                return definition[0]
        return self.name


class RollupRun(models.Model):
    """One computation of every indicator of a project: progress for the page, the
    duration for the record, and the row two concurrent requests meet on."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    project = models.ForeignKey(
        "clusters.Project", on_delete=models.CASCADE, related_name="rollup_runs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration = models.DurationField(null=True, blank=True)
    indicators_done = models.PositiveIntegerField(default=0)
    indicators_total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.project} rollup {self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class Snapshot(models.Model):
    """An indicator's value on one day: the consortium total and each cluster's
    contribution (a JSON object cluster pk -> value, so a page reads a snapshot in one
    row; a distinct indicator's contributions may add up to more than the total)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("taken on"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    contributions = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    run = models.ForeignKey(
        RollupRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )

    class Meta:
        ordering = ["indicator", "taken_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "taken_on"], name="snapshot_one_per_indicator_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.taken_on}: {self.value}"


class ManualReport(models.Model):
    """A value of a manual indicator for one period, reported by a cluster's manager with
    a narrative and its evidence: draft, submitted, returned with a comment (back to the
    manager), approved by the coordinator. Only approved values reach the snapshots."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="reports")
    cluster = models.ForeignKey(
        "clusters.Cluster", on_delete=models.CASCADE, related_name="indicator_reports"
    )
    period_end = models.DateField(
        _("period ending on"), help_text=_("The last day of the month reported on.")
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    narrative = models.TextField(_("what happened"), blank=True)
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("Links or references to the documents.")
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField(_("coordinator's comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-period_end", "cluster__acronym"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "cluster", "period_end"],
                name="manual_report_one_per_period",
                violation_error_message=_("This cluster already reported on this period."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="manual_report_value_not_negative",
                violation_error_message=_("A value cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.cluster} {self.period_end}"

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)
