"""The Django admin, covered by a rule generated from its registry: every ModelAdmin's
changelist, add, change, history and delete pages. Only staff get in (everyone else is
sent to the admin's log-in); the coordinator is staff and sees the ScopedAdmin models
(scoped to the clusters tracekei.access grants), not the superuser-only ones (403).
A new ModelAdmin is covered the day it is registered.

Two log-in redirects: the model pages send a visitor to the portal's log-in (the
deny-by-default middleware), the site-wide pages (index, app list, password, jsi18n,
autocomplete, view on site) to the admin's, which sends them on to the same allauth
log-in (``secure_admin_login``; a signed-in user who is not staff gets 403 there)."""

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
    """Cluster A's newest row for a scoped model (as its manager would see it), else the
    newest row. The newest rather than the first: often a row the setups made, with few
    rows hanging from it. The demo's first questionnaire has thousands of answers, and
    its delete page, listing them all, took seconds per staff user (who gets in does not
    depend on the row)."""

    def kwargs(world):
        rows = model.objects.order_by("-pk")
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
#: The maintained list of service categories: the coordinator edits it (and admins).
COORDINATOR_EDITS = {"services.servicecategory"}
#: Records the portal writes itself (answers, responses, sent mail, KPI snapshots and
#: rollup runs, consultation feedback, audit entries), or that are made from the portal's pages only
#: (invitations are e-mailed from the cluster page, member imports are uploaded there,
#: strategy versions are made and adopted there): no add page for any staff user.
NO_ADD = {
    "surveys.answer",
    "surveys.response",
    "surveys.mail",
    "kpi.snapshot",
    "kpi.rolluprun",
    "clusters.invitation",
    "clusters.memberimport",
    "strategy.strategyversion",
    "strategy.feedback",
    "audit.entry",
}
#: Rows no staff user deletes in the admin: adopted strategy versions are immutable.
NO_DELETE = {"strategy.strategyversion"}
#: A coordinator changes their clusters in the admin but neither adds nor deletes one
#: (a new cluster, or one gone, changes the consortium): superusers only.
SUPERUSER_ADDS_AND_DELETES = {"clusters.cluster"}


def model_urls():
    urls = {}
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        label = model._meta.label_lower
        scoped = (
            isinstance(model_admin, ScopedAdmin)
            or label in COORDINATOR_SCOPED
            or label in COORDINATOR_EDITS
        )
        coordinator = 200 if scoped else 403
        adds_deletes = 403 if label in SUPERUSER_ADDS_AND_DELETES else coordinator
        refused = staff_only(coordinator=403, admin_status=403)
        urls[f"{prefix}_changelist"] = page(get=staff_only(coordinator=coordinator))
        urls[f"{prefix}_add"] = page(
            get=refused if label in NO_ADD else staff_only(coordinator=adds_deletes)
        )
        for action in ("change", "history", "delete"):
            expect = staff_only(coordinator=coordinator)
            if action == "delete":
                expect = refused if label in NO_DELETE else staff_only(coordinator=adds_deletes)
            urls[f"{prefix}_{action}"] = page(kwargs=an_object(model, model_admin), get=expect)
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
    "admin:index": page(get=staff_only(visitor=ADMIN_LOGIN)),
    "admin:app_list": page(
        kwargs=lambda w: {"app_label": "clusters"}, get=staff_only(visitor=ADMIN_LOGIN)
    ),
    "admin:login": page(
        get=roles(
            anonymous=LOGIN,
            viewer_a=403,
            manager_a=403,
            manager_b=403,
            coordinator=302,
            admin=302,
        ),
        note="allauth's secure_admin_login: a visitor to the portal's log-in, a signed-in "
        "user who is not staff 403, staff on to the admin's index",
    ),
    "admin:logout": page(
        post=roles(
            anonymous=ADMIN_LOGIN,
            viewer_a=302,
            manager_a=302,
            manager_b=302,
            coordinator=200,
            admin=200,
        ),
        note="who is not staff is sent to the admin's index (and on to its log-in), still "
        "signed in to the portal",
    ),
    "admin:password_change": page(get=staff_only(visitor=ADMIN_LOGIN)),
    "admin:password_change_done": page(get=staff_only(visitor=ADMIN_LOGIN)),
    "admin:autocomplete": page(
        get=staff_only(visitor=ADMIN_LOGIN, coordinator=403, admin_status=403),
        note="no model nor field asked for: refused to staff too",
    ),
    "admin:jsi18n": page(get=staff_only(visitor=ADMIN_LOGIN)),
    "admin:view_on_site": page(
        kwargs=cluster_a_on_site,
        get=staff_only(visitor=ADMIN_LOGIN, coordinator=302, admin_status=302),
    ),
    "admin:auth_user_password_change": page(
        kwargs=lambda w: {"id": str(w.users["manager_a"].pk)},
        get=staff_only(coordinator=403),
    ),
}
