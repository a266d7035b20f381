"""A user's own API token, for scripts that read or write the portal through the API."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services


@require_http_methods(["GET", "POST"])
def api_token(request):
    if request.method == "POST":
        token = services.api_token_renew(user=request.user)
        messages.success(request, _("A new API token was created; the old one no longer works."))
        request.session["api_token_shown"] = token.pk
        return redirect("accounts:api_token")
    # The key is shown once, right after it was made; afterwards only that one exists.
    shown = request.session.pop("api_token_shown", None)
    token = services.api_token_get(user=request.user)
    context = {"token": token, "show_key": token is not None and shown == token.pk}
    return render(request, "account/api_token.html", context)
