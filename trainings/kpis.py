"""Indicators computed from the trainings app: joint trainings, study visits, workshops
(held activities of the type whose first day falls in the project period; a cluster's
contribution is what it organised) and the cluster managers involved (distinct)."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from clusters.models import RoleAssignment
from tracekei.kpi.registry import Evidence, Figures, Period, indicator

from .models import Activity, ActivityStatus, ActivityType, Attendance


def held_activities(period: Period, activity_type: str | None = None):
    """Held (never planned or cancelled) activities of the project whose first day is
    within the period, both ends inclusive."""
    activities = Activity.objects.filter(
        organising_cluster__project=period.project,
        status=ActivityStatus.HELD,
        start_date__range=(period.start, period.end),
    )
    if activity_type is not None:
        activities = activities.filter(activity_type=activity_type)
    return activities


def _count_by_organiser(period: Period, activity_type: str) -> Figures:
    by_cluster = Counter(
        held_activities(period, activity_type).values_list("organising_cluster_id", flat=True)
    )
    return Figures(
        total=Decimal(sum(by_cluster.values())),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


def _activity_evidence(period: Period, activity_type: str, cluster_id: int | None) -> Evidence:
    activities = held_activities(period, activity_type).select_related("organising_cluster")
    if cluster_id is not None:
        activities = activities.filter(organising_cluster_id=cluster_id)
    return Evidence(
        columns=(_("Activity"), _("Organising cluster"), _("First day"), _("Last day"), _("Place")),
        rows=[
            (
                activity.title,
                activity.organising_cluster.acronym,
                activity.start_date,
                activity.end_date,
                ", ".join(p for p in (activity.city, activity.country.name) if p),
            )
            for activity in activities.order_by("start_date", "pk")
        ],
    )


def _activity_indicator(code, activity_type, name, unit, description):
    calculator = indicator(code, name=name, unit=unit, description=description)(
        lambda period: _count_by_organiser(period, activity_type)
    )
    calculator.evidence(
        lambda period, cluster_id=None: _activity_evidence(period, activity_type, cluster_id)
    )
    return calculator


joint_trainings = _activity_indicator(
    "joint_trainings",
    ActivityType.JOINT_TRAINING,
    _("Joint trainings"),
    _("trainings"),
    _("Joint trainings held within the project period."),
)
study_visits = _activity_indicator(
    "study_visits",
    ActivityType.STUDY_VISIT,
    _("Joint study visits"),
    _("visits"),
    _("Study visits held within the project period."),
)
workshops = _activity_indicator(
    "workshops",
    ActivityType.WORKSHOP,
    _("Workshops"),
    _("workshops"),
    _("Workshops held within the project period."),
)


def _managers_involved(period: Period) -> dict[int, dict]:
    """user pk -> {user, clusters (pks managed in the project), activities attended}."""
    manager_roles = RoleAssignment.objects.filter(role="manager", cluster__project=period.project)
    attendances = (
        Attendance.objects.filter(
            participation__activity__in=held_activities(period),
            participation__user__isnull=False,
        )
        .filter(Exists(manager_roles.filter(user=OuterRef("participation__user")).values("pk")))
        .values_list(
            "participation__user_id",
            "participation__user__full_name",
            "participation__user__email",
            "participation__activity_id",
            "participation__activity__title",
            "participation__activity__start_date",
        )
        .distinct()
    )
    people: dict[int, dict] = {}
    for user_id, full_name, email, activity_id, title, start in attendances:
        person = people.setdefault(
            user_id, {"name": full_name or email, "email": email, "activities": {}}
        )
        person["activities"][activity_id] = (start, title)
    clusters = defaultdict(list)
    for user_id, cluster_id, acronym in manager_roles.filter(user_id__in=people).values_list(
        "user_id", "cluster_id", "cluster__acronym"
    ):
        clusters[user_id].append((acronym, cluster_id))
    for user_id, person in people.items():
        person["clusters"] = sorted(clusters[user_id])
    return people


@indicator(
    "managers_involved",
    name=_("Cluster managers involved in project activities"),
    unit=_("managers"),
    description=_(
        "Distinct cluster managers of the project who attended at least one held activity "
        "within the project period."
    ),
    distinct=True,
)
def managers_involved(period: Period) -> Figures:
    people = _managers_involved(period)
    by_cluster = Counter(
        cluster_id for person in people.values() for _acronym, cluster_id in person["clusters"]
    )
    return Figures(
        total=Decimal(len(people)),
        by_cluster={pk: Decimal(n) for pk, n in by_cluster.items()},
    )


@managers_involved.evidence
def managers_involved_evidence(period: Period, cluster_id: int | None = None) -> Evidence:
    people = _managers_involved(period)
    rows = []
    for person in sorted(people.values(), key=lambda p: (p["name"].casefold(), p["email"])):
        if cluster_id is not None and cluster_id not in {pk for _a, pk in person["clusters"]}:
            continue
        rows.append(
            (
                person["name"],
                ", ".join(acronym for acronym, _pk in person["clusters"]),
                len(person["activities"]),
                "; ".join(title for _start, title in sorted(person["activities"].values())),
            )
        )
    return Evidence(
        columns=(_("Cluster manager"), _("Cluster"), _("Activities attended"), _("Activities")),
        rows=rows,
    )
