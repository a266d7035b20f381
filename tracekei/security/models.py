"""The coordinator's security settings of a project (one row per project, made on first save)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TwoFactorPolicy(models.Model):
    project = models.OneToOneField(
        "clusters.Project",
        on_delete=models.CASCADE,
        related_name="two_factor_policy",
        verbose_name=_("project"),
    )
    required_for_coordinators = models.BooleanField(
        _("require two-factor log-in for coordinators and admins"),
        default=False,
        help_text=_(
            "When on, coordinators and admins without an authenticator app are asked to set "
            "one up before they can use the portal."
        ),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("two-factor log-in policy")
        verbose_name_plural = _("two-factor log-in policies")

    def __str__(self) -> str:
        return f"{self.project}: {self.required_for_coordinators}"
