"""Reads of the trainings app. The visibility rule of activities, built on
tracekei.access, lives here and nowhere else:

- SEE: every user of a project (coordinator, manager or viewer of any of its clusters)
  sees all of the project's activities: they are joint. A user of another project sees
  none of them (404).
- CHANGE: the organising cluster's managers and the project's coordinator (and admins):
  ``access.editable_clusters`` applied to the organising cluster.
- CONTACT DATA of outside participants and MATERIALS: only those who may change the
  activity and its registered participants (portal users registered for it).
- SKILLS: a manager sees and enters only their own ratings; coordinators (and admins)
  see every manager of their project.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from clusters.models import Cluster, RoleAssignment
from tracekei import access

from .models import (
    Activity,
    ActivityStatus,
    AssessmentRound,
    Attendance,
    CoreModule,
    MentoringPair,
    Participation,
    SkillRating,
)


def visible_projects(user):
    """The projects whose activities this user sees (lazy: a subquery, no query)."""
    return access.visible_clusters(user).values("project")


def activities_visible(user) -> QuerySet[Activity]:
    return Activity.objects.filter(organising_cluster__project__in=visible_projects(user))


def activities_editable(user) -> QuerySet[Activity]:
    return access.scope(
        Activity.objects.all(), user, cluster_field="organising_cluster", write=True
    )


def can_change_activity(user, activity: Activity) -> bool:
    return access.can_change_cluster(user, activity.organising_cluster)


def require_change_activity(user, activity: Activity) -> None:
    access.require_change(user, activity.organising_cluster)


def may_see_private(user, activity: Activity) -> bool:
    """Outside participants' contact data and the materials."""
    if can_change_activity(user, activity):
        return True
    return activity.participations.filter(user=user).exists() if user.is_authenticated else False


def activity_list(*, user) -> QuerySet[Activity]:
    """What the list shows, in a fixed number of queries."""
    return (
        activities_visible(user)
        .select_related("organising_cluster", "host_cluster")
        .prefetch_related("modules")
        .annotate(
            participant_count=Count("participations", distinct=True),
            attendee_count=Count(
                "participations",
                filter=Q(participations__attendances__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-start_date", "-pk")
    )


def activity_get(*, user, pk: int) -> Activity:
    try:
        return (
            activities_visible(user)
            .select_related("organising_cluster__project", "host_cluster")
            .prefetch_related("modules")
            .get(pk=pk)
        )
    except Activity.DoesNotExist as error:
        raise Http404 from error


def participants(activity: Activity) -> list[Participation]:
    """Participants with their days and hours, in three queries."""
    rows = list(
        activity.participations.select_related("user")
        .prefetch_related(Prefetch("attendances", queryset=Attendance.objects.order_by("day")))
        .annotate(total_hours=Sum("attendances__hours"))
        .order_by("user__full_name", "name", "pk")
    )
    for row in rows:
        row.days_attended = {attendance.day for attendance in row.attendances.all()}
    return rows


def day_hours(activity: Activity) -> dict[dt.date, Decimal]:
    """The hours each day of the activity was recorded with (the most common, when
    participants differ): what the attendance grid offers and a new record gets."""
    counts: dict[dt.date, dict[Decimal, int]] = defaultdict(dict)
    for day, hours, n in (
        Attendance.objects.filter(participation__activity=activity)
        .values_list("day", "hours")
        .annotate(n=Count("pk"))
        .order_by("day", "-n", "hours")
    ):
        counts[day].setdefault(hours, n)
    return {day: next(iter(by_hours)) for day, by_hours in counts.items()}


def upcoming_q() -> Q:
    return Q(end_date__gte=timezone.localdate())


def user_project_ids(user) -> list[int]:
    return list(access.visible_clusters(user).values_list("project", flat=True).distinct())


# --- Calendar -------------------------------------------------------------------------


def calendar_activities(*, user) -> QuerySet[Activity]:
    """What the calendar page shows of each activity (no counts, no modules)."""
    return activities_visible(user).select_related("organising_cluster")


def calendar_default_month(activities: QuerySet[Activity], *, today: dt.date) -> dt.date:
    """The month of the activity under way or next (of the latest one when none is left;
    this month when there is none at all), in one query."""
    found = activities.order_by().aggregate(
        next=Min("start_date", filter=Q(end_date__gte=today)), latest=Max("start_date")
    )
    return (found["next"] or found["latest"] or today).replace(day=1)


# --- Calendar feeds -------------------------------------------------------------------


def feed_activities(user) -> QuerySet[Activity]:
    """What a user's calendar feed shows: the activities they may see, not cancelled ones
    (a cancelled activity stays in the feed as CANCELLED so calendars remove it)."""
    return activities_visible(user).select_related("organising_cluster", "host_cluster")


# --- Skills ---------------------------------------------------------------------------


def managers_of_project(project_id: int) -> QuerySet:
    """Users holding a manager role in one of the project's clusters."""
    from django.contrib.auth import get_user_model

    roles = RoleAssignment.objects.filter(
        user=OuterRef("pk"), role="manager", cluster__project_id=project_id
    )
    return get_user_model().objects.filter(Exists(roles), is_active=True)


def sees_all_skills(user, project_id: int) -> bool:
    if user.is_superuser:
        return True
    return RoleAssignment.objects.filter(
        user=user, role="coordinator", project_id=project_id
    ).exists()


def rounds_for(user) -> QuerySet[AssessmentRound]:
    return AssessmentRound.objects.filter(project__in=visible_projects(user)).order_by(
        "opened_on", "pk"
    )


def round_get(*, user, pk: int) -> AssessmentRound:
    try:
        return rounds_for(user).select_related("project").get(pk=pk)
    except AssessmentRound.DoesNotExist as error:
        raise Http404 from error


@dataclass
class MatrixRow:
    user: object
    clusters: list[str]
    cells: list[int | None]

    @property
    def average(self) -> Decimal | None:
        levels = [c for c in self.cells if c is not None]
        return round(Decimal(sum(levels)) / len(levels), 1) if levels else None


@dataclass
class GapMatrix:
    round: AssessmentRound | None
    modules: list[CoreModule]
    rows: list[MatrixRow]

    @property
    def module_averages(self) -> list[Decimal | None]:
        averages = []
        for index in range(len(self.modules)):
            levels = [row.cells[index] for row in self.rows if row.cells[index] is not None]
            averages.append(round(Decimal(sum(levels)) / len(levels), 1) if levels else None)
        return averages


def _manager_clusters(user_ids, project_id) -> dict[int, list[str]]:
    clusters = defaultdict(list)
    for user_id, acronym in (
        RoleAssignment.objects.filter(
            user_id__in=user_ids, role="manager", cluster__project_id=project_id
        )
        .order_by("cluster__acronym")
        .values_list("user_id", "cluster__acronym")
    ):
        clusters[user_id].append(acronym)
    return clusters


def gap_matrix(*, user, assessment_round: AssessmentRound) -> GapMatrix:
    """Managers x modules for one round, in four queries whatever their numbers:
    modules, managers, their clusters, the ratings. A manager sees only their own row."""
    project_id = assessment_round.project_id
    modules = list(CoreModule.objects.filter(is_active=True))
    managers = managers_of_project(project_id)
    if not sees_all_skills(user, project_id):
        managers = managers.filter(pk=user.pk)
    managers = list(managers.order_by("full_name", "email"))
    ids = [manager.pk for manager in managers]
    clusters = _manager_clusters(ids, project_id)
    levels = {
        (user_id, module_id): level
        for user_id, module_id, level in SkillRating.objects.filter(
            round=assessment_round, user_id__in=ids
        ).values_list("user_id", "module_id", "level")
    }
    rows = [
        MatrixRow(
            user=manager,
            clusters=clusters.get(manager.pk, []),
            cells=[levels.get((manager.pk, module.pk)) for module in modules],
        )
        for manager in managers
    ]
    return GapMatrix(round=assessment_round, modules=modules, rows=rows)


@dataclass
class Progress:
    name: str
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def _average(values) -> Decimal | None:
    values = list(values)
    return round(Decimal(sum(values)) / len(values), 1) if values else None


def progress(*, user, project_id: int) -> dict:
    """Before (the first baseline round) and after (the latest round after training),
    per manager and per cluster: each the average of the module ratings."""
    rounds = list(AssessmentRound.objects.filter(project_id=project_id).order_by("opened_on", "pk"))
    baseline = next((r for r in rounds if r.kind == AssessmentRound.Kind.BASELINE), None)
    after = next(
        (r for r in reversed(rounds) if r.kind == AssessmentRound.Kind.AFTER_TRAINING), None
    )
    result = {"baseline": baseline, "after": after, "managers": [], "clusters": []}
    if baseline is None:
        return result
    managers = managers_of_project(project_id)
    if not sees_all_skills(user, project_id):
        managers = managers.filter(pk=user.pk)
    managers = list(managers.order_by("full_name", "email"))
    ids = [m.pk for m in managers]
    clusters = _manager_clusters(ids, project_id)
    levels = defaultdict(list)
    for round_id, user_id, level in SkillRating.objects.filter(
        round__in=[r for r in (baseline, after) if r], user_id__in=ids
    ).values_list("round_id", "user_id", "level"):
        levels[(round_id, user_id)].append(level)
    by_cluster = defaultdict(lambda: ([], []))
    for manager in managers:
        before_levels = levels.get((baseline.pk, manager.pk), [])
        after_levels = levels.get((after.pk, manager.pk), []) if after else []
        result["managers"].append(
            Progress(
                manager.get_full_name() or manager.email,
                _average(before_levels),
                _average(after_levels),
            )
        )
        for acronym in clusters.get(manager.pk, []):
            by_cluster[acronym][0].extend(before_levels)
            by_cluster[acronym][1].extend(after_levels)
    result["clusters"] = [
        Progress(acronym, _average(before), _average(after_))
        for acronym, (before, after_) in sorted(by_cluster.items())
    ]
    return result


@dataclass
class ModuleNeed:
    module: CoreModule
    average: Decimal | None
    low_count: int  # managers rating themselves 1 or 2
    rated: int


def modules_most_needed(*, assessment_round: AssessmentRound) -> list[ModuleNeed]:
    """The consortium's weakest modules in a round: lowest average first, then the most
    managers at level 1-2. This feeds the training plan."""
    stats = (
        SkillRating.objects.filter(round=assessment_round)
        .values("module")
        .annotate(total=Sum("level"), rated=Count("pk"), low=Count("pk", filter=Q(level__lte=2)))
    )
    by_module = {row["module"]: row for row in stats}
    needs = []
    for module in CoreModule.objects.filter(is_active=True):
        row = by_module.get(module.pk)
        if row:
            needs.append(
                ModuleNeed(
                    module, round(Decimal(row["total"]) / row["rated"], 1), row["low"], row["rated"]
                )
            )
        else:
            needs.append(ModuleNeed(module, None, 0, 0))
    return sorted(
        needs,
        key=lambda n: (n.average is None, n.average or 0, -n.low_count, n.module.position),
    )


def my_ratings(*, user, assessment_round: AssessmentRound) -> dict[int, int]:
    return dict(
        SkillRating.objects.filter(round=assessment_round, user=user).values_list(
            "module_id", "level"
        )
    )


def is_manager_in(user, project_id: int) -> bool:
    return RoleAssignment.objects.filter(
        user=user, role="manager", cluster__project_id=project_id
    ).exists()


def mentoring_pairs(*, user) -> QuerySet[MentoringPair]:
    return (
        MentoringPair.objects.filter(project__in=visible_projects(user))
        .select_related("mentor", "mentee")
        .prefetch_related("sessions")
        .annotate(session_count=Count("sessions"), session_hours=Sum("sessions__hours"))
    )


def clusters_of_projects(user) -> QuerySet[Cluster]:
    """Clusters whose activities the user sees (for the list's cluster filter)."""
    return Cluster.objects.filter(project__in=visible_projects(user)).order_by("acronym")


def public_activities(project) -> QuerySet[Activity]:
    """What the public site shows of the project's trainings: those flagged public and
    not cancelled, newest first. The public pages show title, dates and place only."""
    if project is None:
        return Activity.objects.none()
    return (
        Activity.objects.filter(organising_cluster__project=project, is_public=True)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by("-start_date", "pk")
    )
