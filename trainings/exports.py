"""The trainings app's datasets in the exports registry (tracekei.exports). Activities are
joint: everyone of the project sees them (trainings.selectors); an outside participant's
e-mail is written only for the activities the user may change, as on the pages."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from tracekei.exports import CHUNK_SIZE

from . import selectors
from .models import Participation


def activity_rows(user):
    activities = (
        selectors.activities_visible(user)
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
        .order_by("start_date", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "organising_cluster", "type", "title", "start_date", "end_date", "city", "country",
        "host_cluster", "host_organisation", "modules", "status", "participants", "attended",
    ]  # fmt: skip
    rows = (
        [
            a.organising_cluster.acronym,
            a.activity_type,
            a.title,
            a.start_date,
            a.end_date,
            a.city,
            a.country.code if a.country else "",
            a.host_cluster.acronym if a.host_cluster_id else "",
            a.host_organisation,
            ";".join(m.slug for m in a.modules.all()),
            a.status,
            a.participant_count,
            a.attendee_count,
        ]
        for a in activities
    )
    return header, rows


def participation_rows(user):
    editable = set(selectors.activities_editable(user).values_list("pk", flat=True))
    participations = (
        Participation.objects.filter(activity__in=selectors.activities_visible(user))
        .select_related("activity__organising_cluster", "user")
        .annotate(days=Count("attendances"))
        .order_by("activity__start_date", "activity_id", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    header = [
        "organising_cluster", "activity", "start_date", "participant", "organisation",
        "email", "portal_user", "days_attended",
    ]  # fmt: skip
    rows = (
        [
            p.activity.organising_cluster.acronym,
            p.activity.title,
            p.activity.start_date,
            p.display_name,
            p.organisation,
            p.email if p.activity_id in editable else "",
            p.user_id is not None,
            p.days,
        ]
        for p in participations
    )
    return header, rows


def register(registry) -> None:
    registry.add("activities", _("Trainings and activities"), activity_rows, app="trainings")
    registry.add("participations", _("Participations"), participation_rows, app="trainings")
