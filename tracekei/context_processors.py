"""What every signed-in page's frame needs: the project's name and the user's role."""

from django.conf import settings

from . import access


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "PORTAL_ACRONYM": settings.PORTAL_PROJECT_ACRONYM,
        # Lazy: evaluated only by templates that show the coordinator's navigation.
        "user_is_coordinator": (lambda: access.is_coordinator(user)) if signed_in else False,
    }
