"""Feedback after a held activity, through the surveys engine: who is asked, the launch
(one campaign per activity, the organising cluster's) and what the activity page shows.

The dependency goes one way: trainings uses surveys (its campaigns, invitations, mail
queue and results); surveys knows an activity only as a campaign's foreign key.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import RoleAssignment
from surveys import campaigns as survey_campaigns
from surveys import results as survey_results
from surveys import training_feedback
from surveys.models import Campaign, Questionnaire
from tracekei import access

from . import selectors
from .models import Activity, ActivityStatus, Attendance, Participation

#: How long the form stays open by default.
OPEN_DAYS = 14
#: One reminder, a week after the invitation.
REMINDER_AFTER_DAYS = [7]

#: The language of an attendee we know only by a country (their cluster's or the
#: activity's), when the portal speaks it.
COUNTRY_LANGUAGE = {
    "IT": "it",
    "HU": "hu",
    "DE": "de",
    "AT": "de",
    "PT": "pt",
    "RO": "ro",
    "BG": "bg",
    "RS": "sr-latn",
}


@dataclass
class Recipients:
    """Who a feedback launch asks, and who it cannot."""

    invite: list[survey_campaigns.Recipient] = field(default_factory=list)
    without_email: list[str] = field(default_factory=list)  # names of attendees
    suppressed: list[survey_campaigns.Recipient] = field(default_factory=list)


def country_language(country) -> str:
    return COUNTRY_LANGUAGE.get(str(country or "").upper(), "en")


def feedback_recipients(activity: Activity) -> Recipients:
    """Every participant who attended at least one day (no-shows are not asked): portal
    users at their account's address and name, in the language of their cluster's
    country; outside participants at their address, in the language of the activity's
    country (English where the portal does not speak it). An outside participant with no
    address is listed in ``without_email``. One recipient per address.

    The portal stores no language preference for a user; the cluster's country is the
    nearest thing it knows."""
    attended = Attendance.objects.filter(participation=OuterRef("pk"))
    participations = list(
        Participation.objects.filter(activity=activity)
        .filter(Exists(attended))
        .select_related("user")
        .order_by("user__full_name", "name", "pk")
    )
    user_ids = [p.user_id for p in participations if p.user_id]
    user_country: dict[int, str] = {}
    for user_id, country in (
        RoleAssignment.objects.filter(
            user_id__in=user_ids,
            cluster__project_id=activity.organising_cluster.project_id,
        )
        .order_by("pk")
        .values_list("user_id", "cluster__country")
    ):
        user_country.setdefault(user_id, country)
    found = Recipients()
    seen: set[str] = set()
    for participation in participations:
        if participation.user_id:
            user = participation.user
            email, name = user.email, user.get_full_name()
            language = country_language(
                user_country.get(user.pk) or activity.organising_cluster.country
            )
        else:
            email, name = participation.email, participation.name
            language = country_language(activity.country)
        email = (email or "").strip().lower()
        if not email:
            found.without_email.append(name)
            continue
        if email in seen:
            continue
        seen.add(email)
        found.invite.append(survey_campaigns.Recipient(email=email, name=name, language=language))
    return found


def recipients_preview(activity: Activity) -> Recipients:
    """``feedback_recipients`` with the addresses on the suppression list set apart."""
    found = feedback_recipients(activity)
    suppressed = survey_campaigns.suppressed_addresses(
        project_id=activity.organising_cluster.project_id,
        emails=[r.email for r in found.invite],
    )
    found.suppressed = [r for r in found.invite if r.email in suppressed]
    found.invite = [r for r in found.invite if r.email not in suppressed]
    return found


def campaign_of(activity: Activity) -> Campaign | None:
    return (
        Campaign.objects.filter(activity=activity)
        .select_related("cluster", "questionnaire")
        .first()
    )


def _dates(activity: Activity) -> str:
    if activity.start_date == activity.end_date:
        return activity.start_date.isoformat()
    return f"{activity.start_date.isoformat()} - {activity.end_date.isoformat()}"


def why_not(activity: Activity) -> str:
    """Why no feedback form can be sent for this activity now ("" when it can)."""
    if activity.status == ActivityStatus.CANCELLED:
        return _("The activity was cancelled.")
    if activity.status != ActivityStatus.HELD:
        return _("The feedback form can be sent once the activity is marked as held.")
    return ""


@dataclass
class Launched:
    campaign: Campaign
    invited: int
    without_email: list[str]
    suppressed: list[survey_campaigns.Recipient]


@transaction.atomic
def feedback_launch(
    *,
    actor,
    activity: Activity,
    questionnaire: Questionnaire | None = None,
    closes_on: dt.date | None = None,
    anonymous: bool = True,
) -> Launched:
    """Ask the attendees of a held activity for feedback: a campaign of the organising
    cluster tied to the activity (one per activity), sent at once to every attendee with
    an address not on the suppression list, through the surveys engine (its invitations,
    its e-mail queue, its reminders and its results). Only those who may change the
    activity; a second launch is refused (resend and reminders are on the campaign page).
    ``questionnaire``: default the project's training feedback questionnaire."""
    selectors.require_change_activity(actor, activity)
    # The activity row is the lock: two launches at once are one after the other, and
    # the second finds the first's campaign (the database constraint backs this up).
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("organising_cluster__project")
        .get(pk=activity.pk)
    )
    reason = why_not(activity)
    if reason:
        raise ValidationError(reason)
    if Campaign.objects.filter(activity=activity).exists():
        raise ValidationError(
            _("Feedback was already asked for this activity: send reminders from its campaign.")
        )
    today = timezone.localdate()
    closes_on = closes_on or today + dt.timedelta(days=OPEN_DAYS)
    if closes_on < today:
        raise ValidationError({"closes_on": _("Choose today or a later day.")})
    found = feedback_recipients(activity)
    if not found.invite:
        if found.without_email:
            raise ValidationError(_("No attendee has an e-mail address."))
        raise ValidationError(_("Nobody attended: record the attendance first."))
    cluster = activity.organising_cluster
    if questionnaire is None:
        questionnaire = training_feedback.current(cluster.project) or training_feedback.install(
            cluster.project
        )
    subject, body = training_feedback.invitation_texts(
        activity_title=activity.title, dates=_dates(activity)
    )
    campaign = survey_campaigns.campaign_create(
        actor=actor,
        cluster=cluster,
        questionnaire=questionnaire,
        title=(_("Feedback: %(title)s") % {"title": activity.title})[:200],
        opens_on=today,
        closes_on=closes_on,
        anonymous=anonymous,
        invitation_subject=subject,
        invitation_body=body,
        reminder_after_days=REMINDER_AFTER_DAYS,
        max_reminders=len(REMINDER_AFTER_DAYS),
    )
    campaign.activity = activity
    campaign.full_clean(exclude=survey_campaigns.USER_FIELDS)
    campaign.save(update_fields=["activity"])
    outcome = survey_campaigns.campaign_launch_to(
        actor=actor,
        campaign=campaign,
        recipients=found.invite,
        recipient_filter={"activity": activity.pk, "attended": True},
    )
    campaign.refresh_from_db()
    return Launched(
        campaign=campaign,
        invited=outcome.invited,
        without_email=found.without_email,
        suppressed=outcome.suppressed,
    )


# --- What the activity page shows ------------------------------------------------------


@dataclass
class FeedbackPanel:
    campaign: Campaign | None
    can_launch: bool  # the user may send it, and it can be sent now
    reason: str  # why it cannot be sent ("" when it can, or when it was sent)
    may_manage: bool  # the user may open the campaign page (its cluster is theirs)
    results: survey_results.Results | None = None
    ratings: list = field(default_factory=list)
    choices: list = field(default_factory=list)
    yes_no: list = field(default_factory=list)
    texts: list = field(default_factory=list)

    @property
    def invited(self) -> int:
        return self.results.total.invited if self.results else 0

    @property
    def answered(self) -> int:
        return self.results.total.submitted if self.results else 0

    @property
    def is_open(self) -> bool:
        return bool(self.campaign and self.campaign.is_open)

    @property
    def closed_on(self) -> dt.date | None:
        """The last day of the form: the closing day, or the day it was closed early."""
        if self.campaign is None:
            return None
        if self.campaign.closed_at is not None:
            return timezone.localdate(self.campaign.closed_at)
        return self.campaign.closes_on

    @property
    def min_group(self) -> int:
        return survey_results.MIN_GROUP

    @property
    def hidden(self) -> bool:
        return bool(self.results and self.results.total.hidden)


def feedback_panel(*, user, activity: Activity, can_change: bool, attended: int) -> FeedbackPanel:
    """The activity page's feedback section in a fixed number of queries: the campaign,
    whether the user may see it, and its results (``surveys.results``, whose anonymity
    rule applies: no figure below its threshold). Open answers only for those who may
    see the campaign; the ratings and counts for everyone who sees the activity."""
    campaign = campaign_of(activity)
    if campaign is None:
        reason = why_not(activity) or ("" if attended else _("Nobody has attended yet."))
        return FeedbackPanel(
            campaign=None, can_launch=can_change and not reason, reason=reason, may_manage=False
        )
    may_manage = access.visible_clusters(user).filter(pk=campaign.cluster_id).exists()
    outcome = survey_results.campaign_results(campaign)
    panel = FeedbackPanel(
        campaign=campaign, can_launch=False, reason="", may_manage=may_manage, results=outcome
    )
    if outcome.total.hidden:
        return panel
    for summary in outcome.summaries_for():
        if summary.kind == "rating" and summary.rating and summary.rating.n:
            panel.ratings.append(summary)
        elif summary.kind in ("single", "multiple"):
            panel.choices.append(summary)
        elif summary.kind == "yes_no":
            panel.yes_no.append(summary)
        elif summary.kind in ("short_text", "long_text") and may_manage and summary.texts:
            panel.texts.append(summary)
    return panel
