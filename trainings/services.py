"""Every write of the trainings app: keyword-only, taking the acting user, checked
through trainings.selectors (built on tracekei.access), full_clean before save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster, RoleAssignment
from tracekei.outbox import enqueue
from tracekei.security.uploads import check_content

from . import selectors
from .models import (
    Activity,
    ActivityStatus,
    AssessmentRound,
    Attendance,
    CalendarFeed,
    CoreModule,
    Material,
    MentoringPair,
    MentoringSession,
    Participation,
    SkillRating,
)

# --- Activities ------------------------------------------------------------------------


def _clear_public_pages() -> None:
    """Public trainings are on the public site's cached pages: forget them at once."""
    from dissemination import public_cache

    public_cache.clear()


def _check_host(activity: Activity) -> None:
    host = activity.host_cluster
    if host is not None and host.project_id != activity.organising_cluster.project_id:
        raise ValidationError({"host_cluster": _("Choose a cluster of this project.")})


@transaction.atomic
def activity_create(
    *, actor, organising_cluster: Cluster, modules=(), is_demo=False, **fields
) -> Activity:
    from tracekei import access

    access.require_change(actor, organising_cluster)
    activity = Activity(
        organising_cluster=organising_cluster, created_by=actor, is_demo=is_demo, **fields
    )
    activity.full_clean()
    _check_host(activity)
    activity.save()
    activity.modules.set(modules)
    transaction.on_commit(_clear_public_pages)
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, modules=None, **fields) -> Activity:
    selectors.require_change_activity(actor, activity)
    for name, value in fields.items():
        if name not in Activity.EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(activity, name, value)
    activity.full_clean()
    _check_host(activity)
    outside = activity.participations.filter(attendances__day__lt=activity.start_date) | (
        activity.participations.filter(attendances__day__gt=activity.end_date)
    )
    if outside.exists():
        raise ValidationError(
            _("Attendance is recorded on days outside the new dates; remove it first.")
        )
    activity.save()
    if modules is not None:
        activity.modules.set(modules)
    transaction.on_commit(_clear_public_pages)
    return activity


# --- Participants and attendance --------------------------------------------------------


def _require_open(activity: Activity) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("This activity is cancelled."))


def _user_in_project(user, activity: Activity) -> bool:
    return (
        RoleAssignment.objects.filter(user=user)
        .filter(cluster__project_id=activity.organising_cluster.project_id)
        .exists()
        or RoleAssignment.objects.filter(
            user=user, role="coordinator", project_id=activity.organising_cluster.project_id
        ).exists()
    )


@transaction.atomic
def participation_register(
    *, actor, activity: Activity, user=None, name="", organisation="", email=""
) -> Participation:
    """Register a portal user (oneself, or anyone of the project by an editor) or, by an
    editor, an outside participant."""
    if not selectors.activities_visible(actor).filter(pk=activity.pk).exists():
        raise PermissionDenied
    _require_open(activity)
    if user is None or user != actor:
        selectors.require_change_activity(actor, activity)
    if user is not None and not _user_in_project(user, activity):
        raise ValidationError({"user": _("This person is not a user of the project.")})
    participation = Participation(
        activity=activity,
        user=user,
        name=name.strip() if user is None else "",
        organisation=organisation.strip(),
        email=email.strip().lower() if user is None else "",
        registered_by=actor,
    )
    participation.full_clean()
    participation.save()
    return participation


@transaction.atomic
def participation_remove(*, actor, participation: Participation) -> None:
    activity = participation.activity
    if participation.user_id != actor.pk:
        selectors.require_change_activity(actor, activity)
    # Attendance is what the indicators count: removing the registration would erase it.
    if participation.attendances.exists():
        raise ValidationError(_("Attendance is recorded for this person; remove their days first."))
    participation.delete()


def _participation_of(activity: Activity, *, user=None, participation=None) -> Participation:
    """Attendance needs a registration: anything else is a clear error."""
    if participation is not None:
        if participation.activity_id != activity.pk:
            raise ValidationError(_("This person is not registered for this activity."))
        return participation
    found = Participation.objects.filter(activity=activity, user=user).first()
    if found is None:
        raise ValidationError(_("This person is not registered for this activity."))
    return found


def _check_days(activity: Activity, days) -> None:
    for day in days:
        if not activity.start_date <= day <= activity.end_date:
            raise ValidationError(
                _("%(day)s is not a day of this activity.") % {"day": day.isoformat()}
            )
    if any(day > timezone.localdate() for day in days):
        raise ValidationError(_("Attendance cannot be recorded for a day still to come."))


@transaction.atomic
def attendance_set(
    *, actor, activity: Activity, days, user=None, participation=None, hours=None
) -> Participation:
    """Set the days someone attended (replacing what was recorded). A participant may
    record their own days; an editor anyone's.

    ``hours``: the hours of each day, one number for every day or ``{day: hours}``. A
    day it does not give keeps its recorded hours; a newly recorded one gets the hours
    the others were recorded with that day, else ``Attendance``'s default (8)."""
    _require_open(activity)
    participation = _participation_of(activity, user=user, participation=participation)
    if participation.user_id != actor.pk:
        selectors.require_change_activity(actor, activity)
    days = sorted(set(days))
    _check_days(activity, days)
    per_day = hours if isinstance(hours, dict) else dict.fromkeys(days, hours)
    per_day = {day: value for day, value in per_day.items() if value is not None}
    usual = selectors.day_hours(activity) if any(d not in per_day for d in days) else {}
    participation.attendances.exclude(day__in=days).delete()
    existing = {a.day: a for a in participation.attendances.all()}
    for day in days:
        attendance = existing.get(day)
        if attendance is None:
            attendance = Attendance(participation=participation, day=day)
            attendance.hours = per_day.get(day, usual.get(day, attendance.hours))
        elif day in per_day and attendance.hours != per_day[day]:
            attendance.hours = per_day[day]
        else:
            continue
        attendance.full_clean()
        attendance.save()
    return participation


def _check_hours(hours: dict) -> None:
    errors = {}
    for day, value in hours.items():
        if value is None or not 0 < value <= 24:
            errors[f"hours_{day.isoformat()}"] = _("Hours must be more than 0 and at most 24.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def attendance_grid_save(
    *, actor, activity: Activity, marks: dict[int, list[dt.date]], hours=None
) -> int:
    """The editor's grid: participation pk -> days attended, and ``hours`` per day
    ({day: hours}) for everyone there that day. Returns rows changed."""
    selectors.require_change_activity(actor, activity)
    if hours:
        _check_hours(hours)
    participations = {p.pk: p for p in activity.participations.all()}
    unknown = set(marks) - set(participations)
    if unknown:
        raise ValidationError(_("This person is not registered for this activity."))
    for pk, participation in participations.items():
        attendance_set(
            actor=actor,
            activity=activity,
            participation=participation,
            days=marks.get(pk, []),
            hours=hours,
        )
    return len(participations)


# --- Materials ------------------------------------------------------------------------


#: Limits of material uploads; a deployment may override them in its settings.
MATERIAL_EXTENSIONS = (".pdf", ".pptx", ".docx", ".xlsx", ".odt", ".odp", ".png", ".jpg", ".zip")
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


def material_limits() -> tuple[tuple[str, ...], int]:
    return (
        getattr(settings, "TRAININGS_MATERIAL_EXTENSIONS", MATERIAL_EXTENSIONS),
        getattr(settings, "TRAININGS_MATERIAL_MAX_BYTES", MATERIAL_MAX_BYTES),
    )


def check_material_upload(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    allowed, max_bytes = material_limits()
    if suffix not in allowed:
        raise ValidationError(
            {"file": _("Upload one of these file types: %s.") % ", ".join(sorted(allowed))}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}}
        )
    # The name says PDF: the content must too (tracekei.security.uploads).
    check_content(upload, field="file")


@transaction.atomic
def material_add(*, actor, activity: Activity, title: str, upload) -> Material:
    selectors.require_change_activity(actor, activity)
    check_material_upload(upload)
    material = Material(
        activity=activity,
        title=title,
        original_name=Path(upload.name).name[:255],
        size=upload.size,
        uploaded_by=actor,
    )
    material.file.save(upload.name, upload, save=False)
    material.full_clean()
    material.save()
    return material


# --- Core modules and skills -------------------------------------------------------------


def _require_coordinator(actor, project_id: int) -> None:
    if not selectors.sees_all_skills(actor, project_id):
        raise PermissionDenied


def _require_any_coordinator(actor) -> None:
    coordinator = RoleAssignment.objects.filter(user=actor, role="coordinator").exists()
    if not (actor.is_superuser or coordinator):
        raise PermissionDenied


@transaction.atomic
def core_modules_ensure() -> int:
    """Put back any seeded core module that is missing (a database emptied by hand or by
    a test); the coordinator's edits to existing modules stay. Returns rows created."""
    from .models import CORE_MODULES

    created = 0
    for position, (slug, name) in enumerate(CORE_MODULES, start=1):
        _, new = CoreModule.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        created += new
    return created


@transaction.atomic
def module_save(*, actor, module: CoreModule | None = None, **fields) -> CoreModule:
    _require_any_coordinator(actor)
    module = module or CoreModule()
    for name, value in fields.items():
        setattr(module, name, value)
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def assessment_round_open(
    *, actor, project, name: str, kind: str, opened_on=None, notify=True
) -> AssessmentRound:
    """Open a round; after commit every manager of the project is e-mailed the link."""
    from .tasks import notify_assessment_round

    _require_coordinator(actor, project.pk)
    assessment_round = AssessmentRound(
        project=project,
        name=name,
        kind=kind,
        opened_on=opened_on or timezone.localdate(),
        opened_by=actor,
    )
    assessment_round.full_clean()
    assessment_round.save()
    if notify:
        enqueue(notify_assessment_round, assessment_round.pk)
    return assessment_round


@transaction.atomic
def assessment_round_close(*, actor, assessment_round: AssessmentRound) -> AssessmentRound:
    _require_coordinator(actor, assessment_round.project_id)
    assessment_round.is_open = False
    assessment_round.save(update_fields=["is_open"])
    return assessment_round


@transaction.atomic
def self_assessment_submit(
    *, actor, assessment_round: AssessmentRound, levels: dict[int, int], force=False
) -> int:
    """A manager rates themself: module pk -> level 1-5. Only their own ratings, only in
    an open round (``force`` is for loading history). Returns how many were saved."""
    if not selectors.is_manager_in(actor, assessment_round.project_id):
        raise PermissionDenied
    if not assessment_round.is_open and not force:
        raise ValidationError(_("This assessment round is closed."))
    modules = {m.pk: m for m in CoreModule.objects.filter(pk__in=levels, is_active=True)}
    errors = {}
    for module_id, level in levels.items():
        if module_id not in modules:
            errors[str(module_id)] = _("Unknown core module.")
        elif not isinstance(level, int) or not 1 <= level <= 5:
            errors[str(module_id)] = _("A rating is a whole number from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    for module_id, level in levels.items():
        rating = SkillRating.objects.filter(
            round=assessment_round, user=actor, module_id=module_id
        ).first() or SkillRating(round=assessment_round, user=actor, module=modules[module_id])
        rating.level = level
        rating.full_clean()
        rating.save()
    return len(levels)


# --- Mentoring ----------------------------------------------------------------------------


@transaction.atomic
def mentoring_pair_create(*, actor, project, mentor, mentee, goals="", started_on=None):
    _require_coordinator(actor, project.pk)
    for field, person in (("mentor", mentor), ("mentee", mentee)):
        if not selectors.managers_of_project(project.pk).filter(pk=person.pk).exists():
            raise ValidationError({field: _("Choose a cluster manager of the project.")})
    pair = MentoringPair(
        project=project,
        mentor=mentor,
        mentee=mentee,
        goals=goals,
        started_on=started_on or timezone.localdate(),
    )
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def mentoring_session_log(*, actor, pair: MentoringPair, held_on, hours, notes=""):
    if actor.pk not in (pair.mentor_id, pair.mentee_id):
        _require_coordinator(actor, pair.project_id)
    session = MentoringSession(pair=pair, held_on=held_on, hours=hours, notes=notes)
    session.full_clean()
    session.save()
    return session


# --- Calendar feed -----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, actor) -> CalendarFeed:
    """A new secret address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=actor).delete()
    return CalendarFeed.objects.create(user=actor)


@transaction.atomic
def calendar_feed_revoke(*, actor) -> None:
    CalendarFeed.objects.filter(user=actor).delete()


def users_of_project(project_id: int):
    roles = RoleAssignment.objects.filter(cluster__project_id=project_id).values("user")
    return get_user_model().objects.filter(pk__in=roles, is_active=True)
