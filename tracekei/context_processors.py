"""What every signed-in page's frame needs: the project's name and the user's role."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import access


def portal(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "PORTAL_ACRONYM": settings.PORTAL_PROJECT_ACRONYM,
        # Lazy, and asked at most once per page however many navigation entries use it.
        "user_is_coordinator": (
            SimpleLazyObject(lambda: access.is_coordinator(user)) if signed_in else False
        ),
    }
