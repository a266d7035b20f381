"""The trainings app's PDF report (tracekei.reports.catalogue): the activities of the
period, attendance and hours, the knowledge-gap matrix before and after training and
the modules most needed; and its part of the final report. Figures come from
trainings.selectors, as on the pages."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import ActivityStatus, Attendance

TRAININGS_REPORT = "trainings-skills"
PART = _("Trainings and skills")


def register(catalogue) -> None:
    catalogue.report(
        TRAININGS_REPORT,
        title=_("Trainings and skills report"),
        per_cluster=True,
        cluster_optional=True,
    )
    sections = (
        ("activities", _("Training activities"), activities),
        ("attendance", _("Attendance and hours"), attendance),
        ("gaps", _("Knowledge-gap matrix before and after"), gaps),
        ("needs", _("Modules most needed"), needs),
    )
    catalogue.app_report(
        TRAININGS_REPORT, app="trainings", sections=sections, final_position=200, part=PART
    )
    register_certificates(catalogue)


def _activities(context):
    """The period's activities of the project (a cluster's: organised or hosted)."""
    if "training_activities" not in context:
        rows = selectors.activity_list(user=context["user"]).filter(
            context["period"].overlaps("start_date", "end_date"),
            organising_cluster__project=context["project"],
        )
        cluster = context.get("cluster")
        if cluster is not None:
            rows = rows.filter(Q(organising_cluster=cluster) | Q(host_cluster=cluster))
        context["training_activities"] = list(rows.order_by("start_date", "pk"))
    return context["training_activities"]


def activities(context) -> dict:
    rows = _activities(context)
    by_status = Counter(activity.status for activity in rows)
    return {
        "activities": rows,
        "by_status": [(label, by_status[value]) for value, label in ActivityStatus.choices],
    }


def attendance(context) -> dict:
    """Per held activity: the people who attended (one day or more) and their hours."""
    held = [a for a in _activities(context) if a.status == ActivityStatus.HELD]
    stats = {
        row["participation__activity"]: row
        for row in Attendance.objects.filter(participation__activity__in=[a.pk for a in held])
        .values("participation__activity")
        .annotate(
            hours=Sum("hours"),
            people=Count("participation", distinct=True),
            days=Count("pk"),
        )
        .order_by()
    }
    rows = []
    for activity in held:
        row = stats.get(activity.pk, {})
        rows.append(
            {
                "activity": activity,
                "registered": activity.participant_count,
                "attended": activity.attendee_count,
                "person_days": row.get("days", 0),
                "hours": row.get("hours") or Decimal(0),
            }
        )
    return {
        "rows": rows,
        "attended": sum(r["attended"] for r in rows),
        "registered": sum(r["registered"] for r in rows),
        "hours": sum((r["hours"] for r in rows), Decimal(0)),
        "person_days": sum(r["person_days"] for r in rows),
    }


def _cluster_rows(matrix, cluster):
    if cluster is not None:
        matrix.rows = [row for row in matrix.rows if cluster.acronym in row.clusters]
    return matrix


def gaps(context) -> dict | None:
    """Managers x core modules: the baseline round and the latest round after training."""
    user, cluster = context["user"], context.get("cluster")
    progress = selectors.progress(user=user, project_id=context["project"].pk)
    if progress["baseline"] is None:
        return None
    matrices = [
        _cluster_rows(selectors.gap_matrix(user=user, assessment_round=r), cluster)
        for r in (progress["baseline"], progress["after"])
        if r is not None
    ]
    clusters = progress["clusters"]
    if cluster is not None:
        clusters = [row for row in clusters if row.name == cluster.acronym]
    return {"matrices": matrices, "modules": matrices[0].modules, "clusters": clusters}


def needs(context) -> dict | None:
    """The consortium's weakest modules at the baseline (what the training plan answers)."""
    progress = selectors.progress(user=context["user"], project_id=context["project"].pk)
    assessment_round = progress["baseline"]
    if assessment_round is None:
        return None
    return {
        "round": assessment_round,
        "needs": selectors.modules_most_needed(assessment_round=assessment_round),
    }


# --- Certificates of attendance -----------------------------------------------------------

CERTIFICATES = "certificates"


def register_certificates(catalogue) -> None:
    catalogue.report(
        CERTIFICATES,
        title=_("Certificates of attendance"),
        per_cluster=False,
        listed=False,
        permits=may_have_certificates,
        options=("activity", "participation"),
        document="trainings/pdf/certificates.html",
    )
    catalogue.section(
        CERTIFICATES,
        code="certificates",
        title=_("Certificates of attendance"),
        template="trainings/pdf/certificate.html",
        gather=certificates,
    )


def _held_activity(project, options):
    from .models import Activity

    try:
        return (
            Activity.objects.select_related("organising_cluster", "host_cluster")
            .prefetch_related("modules")
            .get(
                pk=int(options.get("activity") or 0),
                organising_cluster__project=project,
                status=ActivityStatus.HELD,
            )
        )
    except (Activity.DoesNotExist, TypeError, ValueError):
        return None


def may_have_certificates(user, project, cluster, options) -> bool:
    """Every attendee's certificate: whoever may change the activity (its organising
    cluster's managers, the coordinator); one's own: an attendee who is a portal user.
    Only for a held activity, and only for people who attended (not no-shows)."""
    activity = _held_activity(project, options)
    if activity is None:
        return False
    participation = options.get("participation")
    attended = activity.participations.filter(attendances__isnull=False)
    if participation is not None:
        try:
            mine = attended.filter(pk=int(participation)).values_list("user_id", flat=True)
        except (TypeError, ValueError):
            return False
        if not mine:
            return False
        if mine[0] == user.pk:
            return True
    return selectors.can_change_activity(user, activity)


def certificates(context) -> dict:
    """One certificate per attendee (or the one asked for): name, hours, days attended."""
    from django.http import Http404

    activity = _held_activity(context["project"], context["options"])
    if activity is None or not may_have_certificates(
        context["user"], context["project"], None, context["options"]
    ):
        raise Http404
    people = [p for p in selectors.participants(activity) if p.days_attended]
    wanted = context["options"].get("participation")
    if wanted is not None:
        people = [p for p in people if p.pk == int(wanted)]
    return {"activity": activity, "people": people, "modules": list(activity.modules.all())}


def certificate_request(*, actor, activity, participation=None, language="en"):
    """Ask the reports layer for an activity's certificates (all attendees, or one)."""
    from tracekei.reports import services as reports_services

    options = {"activity": activity.pk}
    if participation is not None:
        options["participation"] = participation.pk
    return reports_services.report_request(
        actor=actor,
        report_type=CERTIFICATES,
        project=activity.organising_cluster.project,
        options=options,
        language=language,
    )
