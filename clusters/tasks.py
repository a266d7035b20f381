"""Celery entry points of the clusters app. Tasks take ids and are safe to run twice."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _


def invitation_link(invitation) -> str:
    """A link that lets the invited person choose a password, once (Django's reset tokens)."""
    path = reverse(
        "clusters:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(invitation.user.pk)),
            "token": default_token_generator.make_token(invitation.user),
        },
    )
    return settings.PORTAL_BASE_URL + path


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> bool:
    from .models import Invitation

    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("user", "cluster", "invited_by")
            .filter(pk=invitation_id, sent_at__isnull=True)
            .first()
        )
        if invitation is None:  # already sent by an earlier run, or withdrawn
            return False
        context = {
            "invitation": invitation,
            "link": invitation_link(invitation),
            "has_password": invitation.user.has_usable_password(),
            "portal": settings.PORTAL_PROJECT_ACRONYM,
        }
        with translation.override(invitation.language):
            subject = _("[%(portal)s] You are invited to %(cluster)s") % {
                "portal": settings.PORTAL_PROJECT_ACRONYM,
                "cluster": invitation.cluster,
            }
            body = render_to_string("clusters/email/invitation.txt", context)
        # To the account's own address: the link signs in as that account.
        send_mail(
            subject=subject, message=body, from_email=None, recipient_list=[invitation.user.email]
        )
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True
