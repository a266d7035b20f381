"""Reads of the security layer: who must use two-factor log-in."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import QuerySet

from .models import TwoFactorPolicy

# True when some project requires two-factor log-in (then each request asks the database
# whether its user is concerned); False lets every request skip the question. Kept until
# the signals in signals.py reset it when a policy row changes (no expiry: an expiry in
# the middle of a page would change its number of queries). A database changed behind
# the ORM's back (a restore) needs the cache cleared: docs/operations.md.
ANY_REQUIREMENT_KEY = "security:two-factor-required-somewhere"


def any_project_requires_two_factor() -> bool:
    value = cache.get(ANY_REQUIREMENT_KEY)
    if value is None:
        value = TwoFactorPolicy.objects.filter(required_for_coordinators=True).exists()
        cache.set(ANY_REQUIREMENT_KEY, value, timeout=None)
    return value


def coordinated_projects(user) -> QuerySet:
    """The projects whose security settings this user may change: a coordinator's own
    projects; every project for an admin."""
    from clusters.models import Project, RoleAssignment

    if not user.is_authenticated or not user.is_active:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(
        pk__in=RoleAssignment.objects.filter(user=user, role="coordinator").values("project")
    )


def two_factor_required(user) -> bool:
    """Must this user log in with a second factor? Coordinators of a project that asks for
    it, and admins as soon as any project asks for it."""
    if not user.is_authenticated or not any_project_requires_two_factor():
        return False
    required = TwoFactorPolicy.objects.filter(required_for_coordinators=True)
    if user.is_superuser:
        return required.exists()
    return required.filter(project__in=coordinated_projects(user)).exists()


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def policy_for(project) -> TwoFactorPolicy:
    """The project's policy; an unsaved default one when none was saved yet."""
    return TwoFactorPolicy.objects.filter(project=project).first() or TwoFactorPolicy(
        project=project
    )
