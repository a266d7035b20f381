"""What the privacy layer stores itself: the record of a member contact's consent."""

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
