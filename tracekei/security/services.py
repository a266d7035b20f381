"""Writes of the security layer."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import selectors
from .models import TwoFactorPolicy


@transaction.atomic
def two_factor_policy_set(*, actor, project, required: bool) -> TwoFactorPolicy:
    """Switch the two-factor requirement of a project on or off (its coordinator or an admin)."""
    if not selectors.coordinated_projects(actor).filter(pk=project.pk).exists():
        raise PermissionDenied
    policy, _created = TwoFactorPolicy.objects.select_for_update().get_or_create(project=project)
    policy.required_for_coordinators = required
    policy.changed_by = actor
    policy.full_clean()
    policy.save()
    return policy
