"""Every write of the strategy app. Each checks, through tracekei.access, that the actor
may change the cluster, runs in a transaction and calls full_clean() before save()."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster, Project
from tracekei import access

from .models import (
    FROZEN,
    SHARED_HEADINGS,
    Consultation,
    ConsultationLink,
    Feedback,
    Goal,
    Indicator,
    IndicatorValue,
    JointGoal,
    JointStatus,
    JointStrategy,
    PlannedService,
    RevenuePlanLine,
    Ris3Priority,
    Strategy,
    StrategyVersion,
    ValueChainStage,
    VersionStatus,
)

#: 32 random bytes: 256 bits, well above the 128 the links need.
TOKEN_BYTES = 32


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_editable(version: StrategyVersion) -> None:
    if not version.is_editable:
        raise ValidationError(
            _("An adopted version cannot be changed; create a new version."), code="immutable"
        )


def _lock(version: StrategyVersion) -> StrategyVersion:
    return (
        StrategyVersion.objects.select_for_update()
        .select_related("strategy__cluster")
        .get(pk=version.pk)
    )


@transaction.atomic
def strategy_create(
    *, actor, cluster: Cluster, title: str, start_year: int, end_year: int
) -> Strategy:
    """A new strategy with an empty first draft."""
    access.require_change(actor, cluster)
    strategy = Strategy(cluster=cluster, title=title, start_year=start_year, end_year=end_year)
    strategy.full_clean()
    strategy.save()
    version = StrategyVersion(strategy=strategy, number=1, created_by=actor)
    version.full_clean()
    version.save()
    return strategy


@transaction.atomic
def version_create_next(*, actor, strategy: Strategy) -> StrategyVersion:
    """A new draft that starts as a copy of the latest version (headings, goals with their
    RIS3 priorities, planned services, revenue plan). Only one draft at a time."""
    access.require_change(actor, strategy.cluster)
    strategy = Strategy.objects.select_for_update().get(pk=strategy.pk)
    latest = strategy.versions.order_by("-number").first()
    if latest is not None and latest.is_editable:
        raise ValidationError(
            _("Version %(number)d is still a draft: edit it instead of starting another.")
            % {"number": latest.number},
            code="draft_exists",
        )
    version = StrategyVersion(
        strategy=strategy, number=(latest.number + 1) if latest else 1, created_by=actor
    )
    if latest is not None:
        for name in StrategyVersion.CONTENT_FIELDS:
            setattr(version, name, getattr(latest, name))
    version.full_clean()
    version.save()
    if latest is not None:
        for goal in latest.goals.prefetch_related("ris3_priorities"):
            priorities = list(goal.ris3_priorities.all())
            copy = Goal(
                version=version,
                objective=goal.objective,
                measurable_target=goal.measurable_target,
                horizon_year=goal.horizon_year,
                tags=goal.tags,
            )
            copy.save()
            copy.ris3_priorities.set(priorities)
        for model in (PlannedService, RevenuePlanLine):
            rows = list(model.objects.filter(version=latest))
            for row in rows:
                row.pk = None
                row.version = version
            model.objects.bulk_create(rows)
    return version


@transaction.atomic
def version_update(*, actor, version: StrategyVersion, **fields) -> StrategyVersion:
    """Change the headings of a draft (or a version in consultation)."""
    access.require_change(actor, version.strategy.cluster)
    version = _lock(version)
    _require_editable(version)
    for name, value in fields.items():
        if name not in StrategyVersion.CONTENT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(version, name, value)
    version.full_clean()
    version.save()
    return version


def missing_headings(version: StrategyVersion) -> list[str]:
    """The shared headings not yet filled: a heading with a list (goals, services, the
    revenue plan, indicators) counts as filled when its text or its list has content."""
    lists = {
        "goals_text": version.goals.exists(),
        "services_text": version.planned_services.exists(),
        "financial_text": version.revenue_lines.exists(),
        "indicators_text": version.strategy.indicators.exists(),
    }
    return [
        str(label)
        for name, label in SHARED_HEADINGS
        if not getattr(version, name).strip() and not lists.get(name, False)
    ]


@transaction.atomic
def version_adopt(
    *, actor, version: StrategyVersion, adopted_on: dt.date, adopted_by_body: str
) -> StrategyVersion:
    """Adopt a version: the six shared headings must be filled. The version in force
    before is superseded; any open consultation of this version closes."""
    access.require_change(actor, version.strategy.cluster)
    version = _lock(version)
    _require_editable(version)
    errors = {}
    missing = missing_headings(version)
    if missing:
        errors["__all__"] = [
            _("Fill in every shared heading before adopting. Missing: %(headings)s.")
            % {"headings": ", ".join(missing)}
        ]
    if not adopted_on:
        errors["adopted_on"] = [_("Give the date of adoption.")]
    if not (adopted_by_body or "").strip():
        errors["adopted_by_body"] = [_("Say which body adopted the strategy.")]
    if errors:
        raise ValidationError(errors)
    StrategyVersion.objects.filter(strategy=version.strategy, status=VersionStatus.ADOPTED).update(
        status=VersionStatus.SUPERSEDED
    )
    version.status = VersionStatus.ADOPTED
    version.adopted_on = adopted_on
    version.adopted_by_body = adopted_by_body.strip()
    version.full_clean()
    version.save()
    version.consultations.filter(closed_at__isnull=True).update(closed_at=timezone.now())
    return version


def _editable_child(version: StrategyVersion, actor) -> StrategyVersion:
    access.require_change(actor, version.strategy.cluster)
    version = _lock(version)
    _require_editable(version)
    return version


@transaction.atomic
def goal_save(
    *,
    actor,
    version: StrategyVersion,
    goal: Goal | None = None,
    ris3_priorities: Iterable[Ris3Priority] = (),
    **fields,
) -> Goal:
    version = _editable_child(version, actor)
    if goal is not None and goal.version_id != version.pk:
        raise PermissionDenied
    ris3_priorities = list(ris3_priorities)
    project_id = version.strategy.cluster.project_id
    if any(priority.project_id != project_id for priority in ris3_priorities):
        raise ValidationError({"ris3_priorities": _("Choose priorities of the project's regions.")})
    goal = goal or Goal(version=version)
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.full_clean()
    goal.save()
    goal.ris3_priorities.set(ris3_priorities)
    return goal


@transaction.atomic
def child_delete(*, actor, row) -> None:
    """Remove a goal, planned service or revenue line of a draft."""
    _editable_child(row.version, actor)
    row.delete()


@transaction.atomic
def planned_service_add(*, actor, version: StrategyVersion, **fields) -> PlannedService:
    """A planned service; a service of the cluster's catalogue (``service``) gives its
    name and category when they are left empty."""
    version = _editable_child(version, actor)
    service = PlannedService(version=version, **fields)
    if service.service is not None:
        service.name = service.name or service.service.name
        service.category = service.category or service.service.category.name
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def revenue_line_add(*, actor, version: StrategyVersion, **fields) -> RevenuePlanLine:
    version = _editable_child(version, actor)
    line = RevenuePlanLine(version=version, **fields)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def indicator_save(
    *, actor, strategy: Strategy, indicator: Indicator | None = None, **fields
) -> Indicator:
    access.require_change(actor, strategy.cluster)
    indicator = indicator or Indicator(strategy=strategy)
    if indicator.strategy_id != strategy.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(indicator, name, value)
    indicator.full_clean()
    indicator.save()
    return indicator


@transaction.atomic
def indicator_delete(*, actor, indicator: Indicator) -> None:
    """Remove an indicator (with its actual values) while no version is adopted: it
    belongs to every version of its strategy, and an adopted one is immutable."""
    access.require_change(actor, indicator.strategy.cluster)
    list(StrategyVersion.objects.select_for_update().filter(strategy=indicator.strategy_id))
    refusal = indicator_delete_refusal(indicator)  # the versions are locked: no adoption meanwhile
    if refusal:
        raise ValidationError(refusal, code="immutable")
    indicator.delete()


def indicator_delete_refusal(indicator: Indicator) -> str:
    """Why the indicator cannot be removed, or "" when it can."""
    if indicator.strategy.versions.filter(status__in=FROZEN).exists():
        return _(
            "This indicator is part of an adopted version, which cannot be changed. "
            "Stop recording values for it instead."
        )
    return ""


@transaction.atomic
def indicator_value_record(
    *, actor, indicator: Indicator, measured_on: dt.date, value, note: str = ""
) -> IndicatorValue:
    access.require_change(actor, indicator.strategy.cluster)
    actual = IndicatorValue(indicator=indicator, measured_on=measured_on, value=value, note=note)
    actual.full_clean()
    actual.save()
    return actual


@transaction.atomic
def chain_stage_save(
    *, actor, strategy: Strategy, stage: ValueChainStage | None = None, members=(), **fields
) -> ValueChainStage:
    access.require_change(actor, strategy.cluster)
    stage = stage or ValueChainStage(strategy=strategy)
    if stage.strategy_id != strategy.pk:
        raise PermissionDenied
    foreign = [m for m in members if m.cluster_id != strategy.cluster_id]
    if foreign:
        raise ValidationError({"members": _("Only the cluster's own members can be placed.")})
    for name, value in fields.items():
        setattr(stage, name, value)
    stage.full_clean()
    stage.save()
    stage.members.set(members)
    return stage


@transaction.atomic
def chain_stage_delete(*, actor, stage: ValueChainStage) -> None:
    access.require_change(actor, stage.strategy.cluster)
    stage.delete()


# --- Consultation ---------------------------------------------------------------------


@transaction.atomic
def consultation_open(
    *, actor, version: StrategyVersion, respondents: Iterable[dict], message: str = ""
) -> tuple[Consultation, list[tuple[ConsultationLink, str]]]:
    """Open a draft to its members (and policy makers). ``respondents`` are dicts with
    ``name``, ``role`` and optionally ``member``. Returns the consultation and each link
    with its token: the token is not stored, so this is the only time it is known."""
    access.require_change(actor, version.strategy.cluster)
    version = _lock(version)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be opened for consultation."))
    consultation = Consultation(version=version, opened_by=actor, message=message)
    consultation.full_clean()
    consultation.save()
    links = []
    for respondent in respondents:
        member = respondent.get("member")
        if member is not None and member.cluster_id != version.strategy.cluster_id:
            raise ValidationError(_("Only the cluster's own members can be consulted."))
        links.append(_link_make(consultation, respondent))
    version.status = VersionStatus.CONSULTATION
    version.save(update_fields=["status", "updated_at"])
    return consultation, links


def _link_make(consultation: Consultation, respondent: dict) -> tuple[ConsultationLink, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = ConsultationLink(
        consultation=consultation,
        respondent_name=respondent["name"],
        role=respondent["role"],
        member=respondent.get("member"),
        token_hash=hash_token(token),
    )
    link.full_clean()
    link.save()
    return link, token


@transaction.atomic
def consultation_link_add(
    *, actor, consultation: Consultation, name: str, role: str, member=None
) -> tuple[ConsultationLink, str]:
    access.require_change(actor, consultation.version.strategy.cluster)
    if not consultation.is_open:
        raise ValidationError(_("This consultation is closed."))
    if member is not None and member.cluster_id != consultation.version.strategy.cluster_id:
        raise ValidationError(_("Only the cluster's own members can be consulted."))
    return _link_make(consultation, {"name": name, "role": role, "member": member})


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation) -> Consultation:
    """Close the consultation (its links stop working); the version is a draft again."""
    access.require_change(actor, consultation.version.strategy.cluster)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.is_open:
        consultation.closed_at = timezone.now()
        consultation.save(update_fields=["closed_at"])
        StrategyVersion.objects.filter(
            pk=consultation.version_id, status=VersionStatus.CONSULTATION
        ).update(status=VersionStatus.DRAFT)
    return consultation


def consultation_link_for_token(token: str) -> ConsultationLink | None:
    """The link of an open consultation this token belongs to, else None (unknown,
    closed, or the version has moved on)."""
    if not token or len(token) > 200:
        return None
    return (
        ConsultationLink.objects.select_related("consultation__version__strategy__cluster")
        .filter(
            token_hash=hash_token(token),
            consultation__closed_at__isnull=True,
            consultation__version__status=VersionStatus.CONSULTATION,
        )
        .first()
    )


@transaction.atomic
def feedback_record(
    *,
    consultation: Consultation,
    heading: str,
    comment: str,
    actor=None,
    link: ConsultationLink | None = None,
    author: str = "",
) -> Feedback:
    """A point of feedback: given through a personal link (``link``, no account), or
    recorded by the manager (``actor``) from a meeting or an e-mail."""
    if link is None and actor is None:
        raise PermissionDenied
    if actor is not None:
        access.require_change(actor, consultation.version.strategy.cluster)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if link is not None and link.consultation_id != consultation.pk:
        raise PermissionDenied
    if not consultation.is_open:
        raise ValidationError(_("This consultation is closed."))
    feedback = Feedback(
        consultation=consultation,
        link=link,
        heading=heading,
        comment=comment.strip(),
        author=(link.respondent_name if link else author.strip()),
        recorded_by=actor,
    )
    feedback.full_clean()
    feedback.save()
    return feedback


@transaction.atomic
def feedback_mark_handled(*, actor, feedback: Feedback, handling: str, note: str = "") -> Feedback:
    access.require_change(actor, feedback.consultation.version.strategy.cluster)
    feedback.handling = handling
    feedback.handling_note = note
    feedback.full_clean()
    feedback.save(update_fields=["handling", "handling_note"])
    return feedback


# --- RIS3 and the joint strategy (the coordinator's) ------------------------------------


def require_coordinator_of_project(actor, project: Project) -> None:
    """The project's RIS3 priorities and joint strategy: its coordinators (and admins)."""
    cluster = project.clusters.first()
    if cluster is None or not access.coordinates(actor, cluster):
        raise PermissionDenied


@transaction.atomic
def ris3_priority_save(
    *, actor, project: Project, priority: Ris3Priority | None = None, **fields
) -> Ris3Priority:
    require_coordinator_of_project(actor, project)
    priority = priority or Ris3Priority(project=project)
    if priority.project_id != project.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(priority, name, value)
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def joint_strategy_get_or_create(*, actor, project: Project) -> JointStrategy:
    require_coordinator_of_project(actor, project)
    joint, _created = JointStrategy.objects.get_or_create(
        project=project, defaults={"title": f"{project.acronym} joint strategy"}
    )
    return joint


@transaction.atomic
def joint_strategy_update(*, actor, joint: JointStrategy, **fields) -> JointStrategy:
    require_coordinator_of_project(actor, joint.project)
    joint = JointStrategy.objects.select_for_update().get(pk=joint.pk)
    if joint.status == JointStatus.ADOPTED:
        raise ValidationError(_("The adopted joint strategy cannot be changed."))
    editable = {name for name, _label in SHARED_HEADINGS} | {"title"}
    for name, value in fields.items():
        if name not in editable:
            raise ValueError(f"{name} cannot be changed here")
        setattr(joint, name, value)
    joint.full_clean()
    joint.save()
    return joint


@transaction.atomic
def joint_strategy_adopt(
    *, actor, joint: JointStrategy, adopted_on: dt.date, adopted_by_body: str
) -> JointStrategy:
    require_coordinator_of_project(actor, joint.project)
    joint = JointStrategy.objects.select_for_update().get(pk=joint.pk)
    if joint.status == JointStatus.ADOPTED:
        raise ValidationError(_("The joint strategy is already adopted."))
    missing = [
        str(label)
        for name, label in SHARED_HEADINGS
        if not getattr(joint, name).strip() and not (name == "goals_text" and joint.goals.exists())
    ]
    if missing:
        raise ValidationError(
            _("Fill in every shared heading before adopting. Missing: %(headings)s.")
            % {"headings": ", ".join(missing)}
        )
    joint.status = JointStatus.ADOPTED
    joint.adopted_on = adopted_on
    joint.adopted_by_body = (adopted_by_body or "").strip()
    joint.full_clean()
    joint.save()
    return joint


@transaction.atomic
def joint_goal_create_from_match(
    *,
    actor,
    joint: JointStrategy,
    objective: str,
    clusters: Iterable[Cluster],
    tags: str = "",
    measurable_target: str = "",
    horizon_year: int | None = None,
) -> JointGoal:
    """Turn a match found between clusters' strategies into a goal of the joint strategy."""
    require_coordinator_of_project(actor, joint.project)
    joint = JointStrategy.objects.select_for_update().get(pk=joint.pk)
    if joint.status == JointStatus.ADOPTED:
        raise ValidationError(_("The adopted joint strategy cannot be changed."))
    clusters = list(clusters)
    if len(clusters) < 2:
        raise ValidationError({"clusters": _("A joint goal involves at least two clusters.")})
    if any(cluster.project_id != joint.project_id for cluster in clusters):
        raise ValidationError({"clusters": _("Only clusters of the project can be involved.")})
    goal = JointGoal(
        joint_strategy=joint,
        objective=objective,
        tags=tags,
        measurable_target=measurable_target,
        horizon_year=horizon_year,
    )
    goal.full_clean()
    goal.save()
    goal.clusters.set(clusters)
    return goal
