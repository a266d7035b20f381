"""The consent of a member contact to surveys, recorded with its wording and source.

The cluster records the consent on the member (``survey_consent``, ``survey_consent_on``:
the member form, the import, the API all save the member). Each new consent date is kept
here with the wording the manager ticked, so that the record survives later changes of
the wording."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import translation

from clusters.models import Member

from .models import ContactConsent

#: The source of a consent recorded on the member by the cluster's staff.
SOURCE = "Recorded by the cluster in the portal (member page, import or API)"


def wording() -> str:
    """The consent's wording as the member form shows it, in English (the record)."""
    with translation.override("en"):
        return str(Member._meta.get_field("survey_consent").verbose_name)


@receiver(post_save, sender=Member, dispatch_uid="privacy-contact-consent")
def record_consent(sender, instance: Member, raw=False, **kwargs) -> None:
    if raw or not instance.survey_consent or instance.survey_consent_on is None:
        return
    ContactConsent.objects.get_or_create(
        member=instance,
        given_on=instance.survey_consent_on,
        defaults={"wording": wording(), "source": SOURCE},
    )
