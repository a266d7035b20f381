"""Writes the entries: model signals for the audited models, ``record_bulk`` for the
writes that bypass them.

The values a row was loaded with are kept at ``post_init`` (a copy of the instance's
``__dict__``: no query), so a change's before/after costs no extra query; the only
extra statement of an audited save is the entry's INSERT (plus the look-up of a
parent row when a rule's cluster path goes through one that is not loaded yet).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_init, post_save

from . import context
from .models import Action, Entry
from .registry import NEVER_RECORDED, Rule, audited_models, rule_for

LOADED = "_audit_loaded"
DISPATCH = "tracekei.audit"


def connect() -> None:
    for model in audited_models():
        uid = f"{DISPATCH}:{model._meta.label}"
        post_init.connect(_remember, sender=model, dispatch_uid=uid, weak=False)
        post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)


def _remember(sender, instance, **kwargs):
    loaded = instance.__dict__.copy()
    loaded.pop(LOADED, None)
    instance.__dict__[LOADED] = loaded


@cache
def _recorded_fields(model) -> tuple[tuple[str, str], ...]:
    """(field name, attribute name) of the columns an entry shows."""
    rule = rule_for(model)
    skip = (NEVER_RECORDED - rule.keep) | rule.exclude if rule else NEVER_RECORDED
    return tuple(
        (field.name, field.attname)
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in skip
    )


def plain(value):
    """A value as JSON keeps it (and a person reads it)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


def _follow(instance, path: str | None):
    """The id at the end of ``path``: no query when the first parent is loaded (or the
    id is on the row), else one query however many parents the path crosses."""
    if not path:
        return None
    first, _, rest = path.partition(".")
    if rest:
        field = instance._meta.get_field(first)
        if not field.is_cached(instance):
            parent_id = getattr(instance, field.attname)
            if parent_id is None:
                return None
            lookup = rest.replace(".", "__").removesuffix("_id")
            return (
                field.related_model._base_manager.filter(pk=parent_id)
                .values_list(lookup, flat=True)
                .first()
            )
    value = instance
    try:
        for name in path.split("."):
            value = getattr(value, name)
            if value is None:
                return None
    except ObjectDoesNotExist:  # a parent deleted in the same cascade
        return None
    return value


def _label(instance) -> str:
    rule = rule_for(type(instance))
    if rule is not None and rule.label_by_pk:
        return f"{instance._meta.verbose_name} #{instance.pk}"
    try:
        return str(instance)[:255]
    except ObjectDoesNotExist:
        return f"#{instance.pk}"


def _actor_label(acting, actor) -> str:
    if actor is not None:
        return actor.email or actor.get_username()
    # A request with nobody signed in: a survey or consultation link, a public page.
    return "anonymous" if acting.request is not None else "system"


def _write(
    *, model, action, object_id="", label="", cluster_id=None, project_id=None, changes, linked=True
):
    acting = context.current()
    actor = acting.actor()
    Entry.objects.create(
        actor=actor,
        actor_label=_actor_label(acting, actor),
        action=action,
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=str(object_id) if object_id is not None else "",
        object_label=label,
        cluster_id=cluster_id if linked else None,
        cluster_ref=cluster_id,
        project_id=None if cluster_id else project_id,
        changes=changes,
        request_id=acting.request_id,
        # A signed-in user's address (who changed what, from where); never a survey
        # respondent's or a consultation visitor's: that would undo their anonymity.
        ip=acting.ip if actor is not None else None,
    )


def _where(rule: Rule, instance) -> tuple[int | None, int | None]:
    cluster_id = _follow(instance, rule.cluster)
    project_id = None if cluster_id else _follow(instance, rule.project)
    return cluster_id, project_id


def _saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:  # fixtures
        return
    rule = rule_for(sender)
    now = instance.__dict__
    fields = _recorded_fields(sender)
    if update_fields is not None:
        fields = tuple((name, attname) for name, attname in fields if name in update_fields)
    if created:
        changes = {name: [None, plain(now.get(attname))] for name, attname in fields}
        action = Action.CREATE
    else:
        before = now.get(LOADED, {})
        changes = {}
        for name, attname in fields:
            if attname not in now or attname not in before:  # deferred: not known
                continue
            old, new = plain(before[attname]), plain(now[attname])
            if old != new:
                changes[name] = [old, new]
        if not changes:  # saved unchanged: nothing happened
            _remember(sender, instance)
            return
        action = Action.CHANGE
    cluster_id, project_id = _where(rule, instance)
    _write(
        model=sender,
        action=action,
        object_id=instance.pk,
        label=_label(instance),
        cluster_id=cluster_id,
        project_id=project_id,
        changes=changes,
    )
    _remember(sender, instance)


def _deleted(sender, instance, **kwargs):
    rule = rule_for(sender)
    now = instance.__dict__
    changes = {
        name: [plain(now[attname]), None]
        for name, attname in _recorded_fields(sender)
        if attname in now
    }
    cluster_id, project_id = _where(rule, instance)
    _write(
        model=sender,
        action=Action.DELETE,
        linked=rule.cluster != "id",  # a deleted cluster: keep its id, link nothing
        object_id=instance.pk,
        label=_label(instance),
        cluster_id=cluster_id,
        project_id=project_id,
        changes=changes,
    )


def record_bulk(model, *, rows: int, cluster=None, project=None, summary: str = "", **details):
    """One entry for a write that bypasses the model signals (a bulk insert, a COPY):
    how many rows, which cluster, and what the caller says it was."""
    cluster_id = getattr(cluster, "pk", cluster)
    project_id = getattr(project, "pk", project)
    changes = {"rows": [None, rows]}
    if summary:
        changes["summary"] = [None, summary]
    changes.update({key: [None, plain(value)] for key, value in details.items()})
    _write(
        model=model,
        action=Action.BULK,
        label=str(model._meta.verbose_name_plural)[:255],
        cluster_id=cluster_id,
        project_id=project_id,
        changes=changes,
    )
