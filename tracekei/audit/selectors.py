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
from .registry import AUDITED, CONSORTIUM_WIDE


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
        # The clusters of the projects they coordinate (not a cluster they only view or
        # manage in another project).
        Q(cluster__project__in=projects)
        | Q(cluster__isnull=True, project__in=projects)
        # Rows shared by every project (sectors, service categories, core modules). A row
        # with no cluster of any other kind (a dissemination activity of several clusters)
        # could be another project's: the admin's alone.
        | Q(
            cluster__isnull=True,
            project__isnull=True,
            cluster_ref__isnull=True,
            content_type__in=consortium_wide_content_types(),
        )
    )


def consortium_wide_content_types() -> list[ContentType]:
    from django.apps import apps

    return [
        ContentType.objects.get_for_model(apps.get_model(label), for_concrete_model=False)
        for label in CONSORTIUM_WIDE
    ]


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
