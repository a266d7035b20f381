"""What the privacy layer stores itself: the record of a member contact's consent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import Member


class ContactConsent(models.Model):
    """A member contact agreed to be contacted for surveys: on which day, to which
    wording, recorded how. ``Member.survey_consent_on`` keeps only the latest date; this
    keeps each one with its wording (the wording may change over the years)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField(_("consent given on"))
    wording = models.TextField(_("wording"))
    source = models.CharField(_("recorded through"), max_length=200)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["given_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "given_on"], name="consent_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.given_on}"


class Erasure(models.Model):
    """The record that a member contact was erased: who asked, why, what it changed
    (accountability). It holds no name or address of the erased person."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="erasures")
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    touched = models.JSONField(_("rows changed"), default=dict)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-erased_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.erased_at:%Y-%m-%d}"
