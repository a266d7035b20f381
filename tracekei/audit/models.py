"""One row per recorded create, change, delete or bulk write: who, when, what changed,
which cluster. Rows are written once and never changed: ``save`` refuses an update,
``delete`` refuses, and on PostgreSQL a trigger refuses UPDATE and DELETE (migration
0001) except the two narrow cases it documents (a deleted user or cluster is detached;
the GDPR scrub)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Project


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    BULK = "bulk", _("Bulk write")
    ERASE = "erase", _("Personal data erased")


class ReadOnlyEntry(Exception):
    """An audit entry is written once and never changed or deleted."""


class EntryQuerySet(models.QuerySet):
    """No update or delete through the ORM either (the scrub has its own path)."""

    def update(self, **kwargs):
        raise ReadOnlyEntry("Audit entries cannot be changed.")

    def delete(self):
        raise ReadOnlyEntry("Audit entries cannot be deleted.")

    def _scrub(self, **kwargs) -> int:
        return super().update(**kwargs)


class Entry(models.Model):
    when = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    # No database constraint on the links: an entry written while its user, cluster or
    # project is being deleted (a cascade) must not make the deletion fail. Rows that
    # existed before are detached (SET_NULL); the labels and ``cluster_ref`` stay.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept when the user is deleted: "system" when nobody acted (a task, a command).
    actor_label = models.CharField(_("who"), max_length=254)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)  # blank: a bulk write
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    cluster = models.ForeignKey(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    cluster_ref = models.BigIntegerField(null=True, editable=False)  # kept when the cluster goes
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False
    )
    # {field: [before, after]}; a create has [null, after], a delete [before, null];
    # a bulk write {"rows": n, ...} (a summary).
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-when", "-pk"]
        indexes = [
            models.Index(fields=["cluster", "-when"], name="audit_by_cluster"),
            models.Index(fields=["content_type", "object_id", "-when"], name="audit_by_object"),
            models.Index(fields=["project", "-when"], name="audit_by_project"),
        ]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ReadOnlyEntry("An audit entry cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReadOnlyEntry("An audit entry cannot be deleted.")

    def get_object_history_url(self) -> str:
        return reverse(
            "audit:object",
            kwargs={
                "model": f"{self.content_type.app_label}.{self.content_type.model}",
                "pk": self.object_id,
            },
        )
