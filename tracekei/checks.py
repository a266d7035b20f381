"""Deployment checks of the portal's own (run by `manage.py check --deploy`)."""

import os

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def email_is_configured(app_configs, **kwargs):
    if os.environ.get("EMAIL_URL") or os.environ.get("EMAIL_BACKEND"):
        return []
    return [
        Warning(
            "EMAIL_URL is not set: invitations and password resets go to an SMTP server "
            "on localhost:25.",
            hint="Set EMAIL_URL, e.g. submission://user:password@smtp.example.eu:587.",
            id="tracekei.W001",
        )
    ]
