"""When a project requires two-factor log-in, its coordinators (and the admins) without
an authenticator app are sent to set one up before they can do anything else."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import selectors

# What such a user may still reach: setting up the second factor, signing in and out,
# choosing a language, the health check.
ALLOWED_VIEWS = {
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "set_language",
    "healthz",
}


def _allowed(match) -> bool:
    if match is None:
        return True
    name = match.view_name
    return name in ALLOWED_VIEWS or name.startswith("mfa_")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if _allowed(request.resolver_match):
            return None
        if not selectors.two_factor_required(user) or selectors.has_totp(user):
            return None
        message = _(
            "Coordinators and admins must sign in with two factors. "
            "Set up an authenticator app to continue."
        )
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=403)
        messages.warning(request, message)
        return redirect("mfa_activate_totp")
