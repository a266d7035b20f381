"""Writes and reads of a user's API token."""

from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def api_token_renew(*, user) -> Token:
    """Replace the user's token: scripts using the old one stop working."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_get(*, user) -> Token | None:
    return Token.objects.filter(user=user).first()
