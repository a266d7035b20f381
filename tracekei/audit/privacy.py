"""Erasure reaches the audit trail: when a person is erased (``person_erased``), the
values of the entries about the erased row, and of the entries that name one of the
person's e-mail addresses or names (as a value or as the one who acted), become
"[erased]" (the
field names stay, so the trail still says what was changed and when); an ``erase``
entry records that it happened."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q

from tracekei.privacy.signals import person_erased

from . import context
from .models import Action, Entry
from .recorder import _where, _write
from .registry import rule_for

ERASED = "[erased]"


def connect() -> None:
    person_erased.connect(scrub_erased_person, dispatch_uid="tracekei.audit.scrub")


def _blank(pair):
    return [None if value is None else ERASED for value in pair]


def _scrub_all(changes: dict) -> dict:
    return {name: _blank(pair) for name, pair in changes.items()}


def _scrub_personal(changes: dict, personal: frozenset[str], needles: set[str]) -> dict:
    def holds_needle(pair):
        return any(isinstance(v, str) and any(n in v.lower() for n in needles) for v in pair)

    return {
        name: _blank(pair) if name in personal or holds_needle(pair) else pair
        for name, pair in changes.items()
    }


def scrub_erased_person(sender, instance, emails=(), names=(), actor=None, **kwargs) -> int:
    from django.contrib.contenttypes.models import ContentType

    emails = {email.lower() for email in emails if email}
    # A name alone also marks a copy (a comment naming the person, a row's "before"
    # value written by the erasure itself); over-scrubbing the trail is the safe side.
    needles = emails | {name.strip().lower() for name in names if name.strip()}
    content_type = ContentType.objects.get_for_model(sender, for_concrete_model=False)
    own = Q(content_type=content_type, object_id=str(instance.pk))
    named = Q()
    for needle in needles:
        named |= (
            Q(changes__icontains=needle)
            | Q(object_label__icontains=needle)
            | Q(actor_label__iexact=needle)
        )
    entries = Entry.objects.filter(own | named if needles else own).select_related("content_type")
    scrubbed = 0
    with transaction.atomic():
        _allow_scrub(True)
        try:
            for entry in entries:
                if entry.content_type_id == content_type.pk and entry.object_id == str(instance.pk):
                    changes, label = _scrub_all(entry.changes), ERASED
                else:
                    rule = rule_for(entry.content_type.model_class())
                    personal = rule.personal if rule else frozenset()
                    changes = _scrub_personal(entry.changes, personal, needles)
                    label = entry.object_label
                    if any(needle in label.lower() for needle in needles):
                        label = ERASED
                # An erased portal user who acted: the entry keeps the act, not the name.
                actor_label = ERASED if entry.actor_label.lower() in needles else entry.actor_label
                if (changes, label, actor_label) != (
                    entry.changes,
                    entry.object_label,
                    entry.actor_label,
                ):
                    Entry.objects.filter(pk=entry.pk)._scrub(
                        changes=changes, object_label=label, actor_label=actor_label
                    )
                    scrubbed += 1
        finally:
            _allow_scrub(False)
        rule = rule_for(sender)
        cluster_id, project_id = _where(rule, instance) if rule else (None, None)
        with context.acting_as(actor):
            _write(
                cluster_id=cluster_id,
                project_id=project_id,
                model=sender,
                action=Action.ERASE,
                object_id=instance.pk,
                label=ERASED,
                changes={"entries scrubbed": [None, scrubbed]},
            )
    return scrubbed


def _allow_scrub(on: bool) -> None:
    """The trigger lets ``changes``, ``object_label`` and ``actor_label`` change while
    this transaction-local setting is on (migration 0001)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('tracekei.audit_scrub', %s, true)", ["on" if on else "off"]
            )
