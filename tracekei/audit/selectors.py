"""Reading the trail: the coordinator (and the admin) sees the entries of the clusters
of their projects, and the project-level entries of those projects. Managers and
viewers see none: the issue gives the history to the coordinator (an entry may show
another cluster's values, e.g. a collaboration between two clusters)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from tracekei import access

from .models import Entry
from .registry import AUDITED


def require_reader(user) -> None:
    if not access.is_coordinator(user):
        raise Http404


def entries_visible(user) -> QuerySet[Entry]:
    entries = Entry.objects.select_related("content_type", "cluster")
    if user.is_superuser:
        return entries
    from clusters.models import RoleAssignment

    projects = RoleAssignment.objects.filter(user=user, role="coordinator").values("project")
    return entries.filter(
        Q(cluster__in=access.visible_clusters(user))
        | Q(cluster__isnull=True, project__in=projects)
        # consortium-wide rows (sectors, core modules, shared activities)
        | Q(cluster__isnull=True, project__isnull=True, cluster_ref__isnull=True)
    )


def audited_content_types() -> list[ContentType]:
    from django.apps import apps

    models = [apps.get_model(name) for name in AUDITED]
    by_model = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    return sorted(by_model.values(), key=lambda ct: (ct.app_label, ct.model))


def content_type_or_404(model: str) -> ContentType:
    app_label, _, name = model.partition(".")
    for content_type in audited_content_types():
        if content_type.app_label == app_label and content_type.model == name.lower():
            return content_type
    raise Http404


def object_history(user, *, content_type: ContentType, pk: str) -> QuerySet[Entry]:
    return entries_visible(user).filter(content_type=content_type, object_id=pk)
