"""The Django admin, covered by a rule generated from its registry: every ModelAdmin's
changelist, add, change, history and delete pages. Only staff get in (everyone else is
sent to the admin's log-in); the coordinator is staff and sees the ScopedAdmin models
(scoped to the clusters tracekei.access grants), not the superuser-only ones (403).
A new ModelAdmin is covered the day it is registered."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from rest_framework.authtoken.models import Token

from tests.permissions import ADMIN_LOGIN, LOGIN, page, roles
from tracekei import access
from tracekei.scoped_admin import ScopedAdmin


def setup(world):
    # Rows for the admin's change, history and delete pages of models the demo leaves empty.
    Group.objects.create(name="Editors")
    Token.objects.create(user=world.users["manager_a"])


def staff_only(*, coordinator=200, admin_status=200, visitor=LOGIN):
    return roles(
        anonymous=visitor,
        viewer_a=ADMIN_LOGIN,
        manager_a=ADMIN_LOGIN,
        manager_b=ADMIN_LOGIN,
        coordinator=coordinator,
        admin=admin_status,
    )


def an_object(model, model_admin):
    """Cluster A's row for a scoped model (as its manager would see it), else any row."""

    def kwargs(world):
        rows = model.objects.order_by("pk")
        if isinstance(model_admin, ScopedAdmin):
            rows = access.scope(
                rows, world.users["manager_a"], cluster_field=model_admin.cluster_field
            )
        row = rows.first()
        assert row is not None, f"the matrix's world has no {model.__name__} (of cluster A)"
        return {"object_id": str(row.pk)}

    return kwargs


#: Admins scoped by their own rule rather than ScopedAdmin's cluster field, which the
#: coordinator also sees: the consortium's questionnaires (changed by the coordinator,
#: a cluster's own like every cluster row) and the project's suppression list.
COORDINATOR_SCOPED = {
    "surveys.questionnaire",
    "surveys.section",
    "surveys.question",
    "surveys.choice",
    "surveys.suppression",
}
#: Records the portal writes itself (answers, responses, sent mail): read-only in the
#: admin, so its add page is refused to every staff user.
NO_ADD = {"surveys.answer", "surveys.response", "surveys.mail", "audit.entry"}


def model_urls():
    urls = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label_lower
        scoped = isinstance(model_admin, ScopedAdmin) or label in COORDINATOR_SCOPED
        coordinator = 200 if scoped else 403
        urls[f"{prefix}_changelist"] = page(get=staff_only(coordinator=coordinator))
        urls[f"{prefix}_add"] = page(
            get=staff_only(coordinator=403, admin_status=403)
            if label in NO_ADD
            else staff_only(coordinator=coordinator)
        )
        for action in ("change", "history", "delete"):
            urls[f"{prefix}_{action}"] = page(
                kwargs=an_object(model, model_admin), get=staff_only(coordinator=coordinator)
            )
    return urls


def registered(label):
    """(model, its ModelAdmin) of a model label: "surveys.suppression"."""
    return next(
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.label_lower == label
    )


def cluster_a_on_site(world):
    content_type = ContentType.objects.get_for_model(world.cluster_a)
    return {"content_type_id": str(content_type.pk), "object_id": str(world.cluster_a.pk)}


URLS = {
    **model_urls(),
    "admin:audit_entry_delete": page(
        kwargs=an_object(*registered("audit.entry")),
        get=staff_only(coordinator=403, admin_status=403),
        note="the audit trail is read only, for superusers too",
    ),
    "admin:surveys_suppression_delete": page(
        kwargs=an_object(*registered("surveys.suppression")),
        get=staff_only(coordinator=403),
        note="taking an address off the list lets campaigns e-mail it again: admins only",
    ),
    "admin:index": page(get=staff_only()),
    "admin:app_list": page(kwargs=lambda w: {"app_label": "clusters"}, get=staff_only()),
    "admin:login": page(get=staff_only(visitor=200, coordinator=302, admin_status=302)),
    "admin:logout": page(post=staff_only(coordinator=200, admin_status=200)),
    "admin:password_change": page(get=staff_only()),
    "admin:password_change_done": page(get=staff_only()),
    "admin:autocomplete": page(get=staff_only(coordinator=403, admin_status=403)),
    "admin:jsi18n": page(get=staff_only()),
    "admin:view_on_site": page(
        kwargs=cluster_a_on_site, get=staff_only(coordinator=302, admin_status=302)
    ),
    "admin:auth_user_password_change": page(
        kwargs=lambda w: {"id": str(w.users["manager_a"].pk)},
        get=staff_only(coordinator=403),
    ),
}
