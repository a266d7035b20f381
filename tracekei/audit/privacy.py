"""Erasure reaches the audit trail: when a person is erased (``person_erased``), in the
entries of the erased row and in the entries of its project that name one of the
person's addresses (anywhere in a value) or names (as whole words), the personal values
become "[erased]" (the field names stay, so the trail still says what was changed and
when; the rest of the row's history stays); an ``erase`` entry records that it
happened."""

from __future__ import annotations

import re

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


def _pattern(emails: set[str], names: set[str]) -> re.Pattern:
    """An address anywhere in a value; a name only as whole words ("Li" must not blank
    "Lithuania", nor "Ng" every "Training")."""
    parts = [re.escape(email) for email in sorted(emails)]
    parts += [rf"\b{re.escape(name)}\b" for name in sorted(names)]
    return re.compile("|".join(parts), re.IGNORECASE)


def _scrub_personal(changes: dict, personal: frozenset[str], pattern: re.Pattern) -> dict:
    def names_them(pair):
        return any(isinstance(value, str) and pattern.search(value) for value in pair)

    return {
        name: _blank(pair) if name in personal or names_them(pair) else pair
        for name, pair in changes.items()
    }


def _same_project(sender, instance) -> Q:
    """Entries of the erased row's project (its clusters' and its own): a person is known
    in one project; another project's namesake keeps their history."""
    from clusters.models import Cluster

    rule = rule_for(sender)
    cluster_id, project_id = _where(rule, instance) if rule else (None, None)
    if cluster_id is not None:
        project_id = Cluster.objects.filter(pk=cluster_id).values_list("project_id", flat=True)[0]
    if project_id is None:
        return Q()
    clusters = Cluster.objects.filter(project_id=project_id).values("pk")
    return Q(cluster_ref__in=clusters) | Q(project_id=project_id)


def scrub_erased_person(sender, instance, emails=(), names=(), actor=None, **kwargs) -> int:
    from django.contrib.contenttypes.models import ContentType

    emails = {email.lower() for email in emails if email}
    # A name alone also marks a copy (a comment naming the person, a row's "before"
    # value written by the erasure itself).
    names = {name.strip().lower() for name in names if name.strip()}
    needles = emails | names
    pattern = _pattern(emails, names)
    content_type = ContentType.objects.get_for_model(sender, for_concrete_model=False)
    own = Q(content_type=content_type, object_id=str(instance.pk))
    named = Q()
    for needle in needles:  # a coarse filter in SQL; ``pattern`` decides below
        named |= (
            Q(changes__icontains=needle)
            | Q(object_label__icontains=needle)
            | Q(actor_label__iexact=needle)
        )
    if needles:
        named &= _same_project(sender, instance)
    entries = Entry.objects.filter(own | named if needles else own).select_related("content_type")
    scrubbed = 0
    with transaction.atomic():
        _allow_scrub(True)
        try:
            for entry in entries:
                # The erased row's own entries too keep what is not personal: a member
                # is an organisation, and its history (size, dates) stays.
                rule = rule_for(entry.content_type.model_class())
                personal = rule.personal if rule else frozenset()
                changes = _scrub_personal(entry.changes, personal, pattern)
                label = entry.object_label
                if needles and pattern.search(label):
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
