"""Every write of the services app (WP1). Each one checks, through tracekei.access, that
the actor may change the cluster, and keeps the invariants (full_clean before save)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import DecimalField
from django.utils.translation import gettext as _

from clusters.models import Cluster, Member, Project, no_control_characters
from tracekei import access, audit

from . import selectors
from .models import (
    ExcellenceCheck,
    ExcellenceRating,
    ReferenceService,
    Service,
    ServiceAssessment,
    ServiceCategory,
    ServiceChange,
    ServiceDelivery,
    ServiceMapping,
)


def _as_text(value, field=None) -> str | list | None:
    if value is None:
        return None
    if isinstance(field, DecimalField):  # 500 and 500.00 are the same price
        return f"{Decimal(value):.{field.decimal_places}f}"
    if isinstance(value, list):
        return [str(item) for item in value]
    return str(value)


def _snapshot(service: Service) -> dict:
    return {
        name: _as_text(getattr(service, name), Service._meta.get_field(name))
        for name in Service.EDITABLE_FIELDS
    }


@transaction.atomic
def service_create(*, actor, cluster: Cluster, **fields) -> Service:
    access.require_change(actor, cluster)
    service = Service(cluster=cluster, **fields)
    service.full_clean()
    service.save()
    after = _snapshot(service)
    ServiceChange.objects.create(
        service=service,
        action=ServiceChange.Action.CREATED,
        changed_by=actor,
        changes={name: [None, value] for name, value in after.items() if value not in (None, "")},
    )
    transaction.on_commit(selectors.forget_matrix_totals)
    return service


@transaction.atomic
def service_update(*, actor, service: Service, **fields) -> Service:
    """Change a service; the fields that really changed are kept in its history."""
    access.require_change(actor, service.cluster)
    # Compare with what is stored, not with what a form may already have written.
    stored = Service.objects.select_for_update().select_related("category").get(pk=service.pk)
    before = _snapshot(stored)
    for name, value in fields.items():
        if name not in Service.EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(service, name, value)
    service.full_clean()
    service.save()
    after = _snapshot(service)
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if changes:
        ServiceChange.objects.create(
            service=service,
            action=ServiceChange.Action.UPDATED,
            changed_by=actor,
            changes=changes,
        )
        transaction.on_commit(selectors.forget_matrix_totals)
    return service


@dataclass(frozen=True)
class DeliveryResult:
    created: int
    already_recorded: int


@dataclass(frozen=True)
class DeliveryItem:
    """One delivery to record (a form gives many on one day, an import one per row)."""

    member: Member
    delivered_on: dt.date
    hours: Decimal | None = None
    outcome: str = ""


def delivery_problems(
    service: Service, item: DeliveryItem, project: Project
) -> list[tuple[str, str]]:
    """Why this delivery cannot be recorded, as (field, reason) pairs (empty when it can)."""
    problems = []
    day = item.delivered_on
    if item.member.cluster_id != service.cluster_id:
        problems.append(
            ("members", _("%(member)s is not a member of this cluster.") % {"member": item.member})
        )
    elif item.member.left_on is not None and item.member.left_on <= day:
        problems.append(
            (
                "members",
                _("%(member)s left the cluster on %(day)s.")
                % {"member": item.member, "day": item.member.left_on.isoformat()},
            )
        )
    if not project.start_date <= day <= project.end_date:
        problems.append(
            (
                "delivered_on",
                _("The date must be within the project (%(start)s to %(end)s).")
                % {"start": project.start_date.isoformat(), "end": project.end_date.isoformat()},
            )
        )
    elif service.available_from and day < service.available_from:
        problems.append(
            (
                "delivered_on",
                _("The service was launched on %(day)s; a delivery cannot be earlier.")
                % {"day": service.available_from.isoformat()},
            )
        )
    if item.hours is not None and item.hours < 0:
        problems.append(("hours", _("Hours cannot be below zero.")))
    try:  # deliveries are inserted in bulk, without full_clean: check the outcome here
        no_control_characters(item.outcome)
    except ValidationError as error:
        problems.extend(("outcome", message) for message in error.messages)
    return problems


def _record(*, actor, service: Service, items: Sequence[DeliveryItem]) -> DeliveryResult:
    """Check every item, then insert the new ones in one statement. Items already recorded
    (same service, member and day) are counted, not inserted again: a constraint
    guarantees it even when two managers record at the same moment."""
    access.require_change(actor, service.cluster)
    project = service.cluster.project
    field_errors: dict[str, list[str]] = {}
    for item in items:
        for key, problem in delivery_problems(service, item, project):
            if problem not in field_errors.setdefault(key, []):
                field_errors[key].append(problem)
    if not items:
        field_errors["members"] = [_("Choose at least one member.")]
    if field_errors:
        raise ValidationError(field_errors)
    wanted = {(item.member.pk, item.delivered_on): item for item in items}
    days = {day for _member, day in wanted}
    existing = set(
        ServiceDelivery.objects.filter(
            service=service,
            delivered_on__in=days,
            member_id__in={member for member, _day in wanted},
        ).values_list("member_id", "delivered_on")
    )
    new = [
        ServiceDelivery(
            service=service,
            member=item.member,
            delivered_on=item.delivered_on,
            hours=item.hours,
            outcome=item.outcome,
            recorded_by=actor,
        )
        for key, item in wanted.items()
        if key not in existing
    ]
    ServiceDelivery.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        transaction.on_commit(selectors.forget_matrix_totals)
    if len(new) == 0:
        return DeliveryResult(created=0, already_recorded=len(items))
    # Someone may have recorded some of them between the check and the insert.
    stored = ServiceDelivery.objects.filter(
        service=service,
        delivered_on__in=days,
        member_id__in={member for member, _day in wanted},
    ).count()
    created = stored - len(existing)
    if created:
        audit.record_bulk(
            ServiceDelivery, rows=created, cluster=service.cluster_id, service=service.name
        )
    return DeliveryResult(created=created, already_recorded=len(items) - created)


@transaction.atomic
def delivery_record_bulk(
    *,
    actor,
    service: Service,
    members: Iterable[Member],
    delivered_on: dt.date,
    hours: Decimal | None = None,
    outcome: str = "",
) -> DeliveryResult:
    """One service delivered to many members on one day (the delivery form, the API)."""
    items = [
        DeliveryItem(member=member, delivered_on=delivered_on, hours=hours, outcome=outcome)
        for member in {member.pk: member for member in members}.values()
    ]
    return _record(actor=actor, service=service, items=items)


@transaction.atomic
def delivery_import(*, actor, service: Service, items: Sequence[DeliveryItem]) -> DeliveryResult:
    """The rows of a checked delivery file: all of them or none."""
    return _record(actor=actor, service=service, items=items)


# --- Categories and the reference portfolio (the coordinator's) ---------------------------

#: The project's reference portfolio: six services built on what gold-label clusters offer.
REFERENCE_PORTFOLIO_SIZE = 6


def _require_project_coordinator(actor, project: Project) -> None:
    if actor.is_superuser:
        return
    if not actor.role_assignments.filter(role="coordinator", project=project).exists():
        raise PermissionDenied


def _require_any_coordinator(actor) -> None:
    if not access.is_coordinator(actor):
        raise PermissionDenied


@transaction.atomic
def category_save(*, actor, category: ServiceCategory | None = None, **fields) -> ServiceCategory:
    _require_any_coordinator(actor)
    category = category or ServiceCategory()
    for name, value in fields.items():
        setattr(category, name, value)
    category.full_clean()
    category.save()
    return category


@transaction.atomic
def reference_service_save(
    *, actor, project: Project, reference: ReferenceService | None = None, **fields
) -> ReferenceService:
    _require_project_coordinator(actor, project)
    if reference is None and project.reference_services.count() >= REFERENCE_PORTFOLIO_SIZE:
        raise ValidationError(
            _("The reference portfolio has six services; change or remove one first.")
        )
    reference = reference or ReferenceService(project=project)
    for name, value in fields.items():
        setattr(reference, name, value)
    reference.full_clean()
    reference.save()
    return reference


@transaction.atomic
def reference_service_delete(*, actor, reference: ReferenceService) -> None:
    _require_project_coordinator(actor, reference.project)
    reference.delete()


# --- The mapping questionnaire, self-assessments, the excellence self-check ----------------


@transaction.atomic
def mapping_save(
    *, actor, cluster: Cluster, mapping: ServiceMapping | None = None, **fields
) -> ServiceMapping:
    access.require_change(actor, cluster)
    mapping = mapping or ServiceMapping(cluster=cluster)
    if mapping.cluster_id != cluster.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(mapping, name, value)
    mapping.answered_by = actor
    mapping.full_clean()
    mapping.save()
    return mapping


@transaction.atomic
def assessment_record(*, actor, service: Service, **fields) -> ServiceAssessment:
    access.require_change(actor, service.cluster)
    assessment = ServiceAssessment(service=service, assessed_by=actor, **fields)
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def excellence_check_record(
    *, actor, cluster: Cluster, checked_on: dt.date, ratings: dict[str, tuple[str, str]]
) -> ExcellenceCheck:
    """``ratings``: item code -> (red/yellow/green, note)."""
    from .excellence import ITEM_CODES

    access.require_change(actor, cluster)
    unknown = set(ratings) - set(ITEM_CODES)
    if unknown:
        raise ValueError(f"unknown items {sorted(unknown)}")
    check = ExcellenceCheck(cluster=cluster, checked_on=checked_on, checked_by=actor)
    check.full_clean()
    check.save()
    rows = []
    for item, (rating, note) in ratings.items():
        row = ExcellenceRating(check_run=check, item=item, rating=rating, note=note)
        row.full_clean(exclude=["check_run"])
        rows.append(row)
    ExcellenceRating.objects.bulk_create(rows)
    audit.record_bulk(ExcellenceRating, rows=len(rows), cluster=cluster.pk, check=check.pk)
    return check
