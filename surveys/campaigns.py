"""Campaign services (every write of S2) and the reads behind the campaign pages:
drafts, recipients, launch, close, resend, reminders, suppression, unsubscribe.

Each write takes the acting user, checks through ``tracekei.access`` that they may
change the campaign's cluster, and runs in one transaction; e-mails are queued after
commit (``surveys.tasks``)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Cluster, Member, Project
from tracekei import access, audit
from tracekei.outbox import enqueue
from tracekei.privacy.addresses import PLACEHOLDER_DOMAIN, AddressSha256, suppression_keys

from . import mail
from .models import (
    LANGUAGE_CODES,
    Campaign,
    Invitation,
    InvitationStatus,
    Mail,
    MailKind,
    MailStatus,
    Questionnaire,
    Suppression,
    SuppressionReason,
)

#: Statuses that still wait for an answer (reminders go to these).
WAITING = (InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.IN_PROGRESS)
#: Statuses after which nothing more is sent.
FINAL = (InvitationStatus.COMPLETED, InvitationStatus.OPTED_OUT)

DRAFT, SCHEDULED, OPEN, CLOSED = "draft", "scheduled", "open", "closed"


def campaign_state(campaign: Campaign, today: dt.date | None = None) -> str:
    today = today or timezone.localdate()
    if campaign.launched_at is None:
        return DRAFT
    if campaign.closed_at is not None or campaign.closes_on < today:
        return CLOSED
    if campaign.opens_on > today:
        return SCHEDULED
    return OPEN


# --- Reads ----------------------------------------------------------------------------


def campaign_list(*, user) -> QuerySet[Campaign]:
    """The user's clusters' campaigns with their counts (one query per page)."""
    return (
        access.scope(Campaign.objects.all(), user)
        .select_related("cluster", "questionnaire")
        .annotate(
            invited=Count("invitations"),
            completed=Count(
                "invitations", filter=Q(invitations__status=InvitationStatus.COMPLETED)
            ),
        )
        .order_by("-created_at", "-pk")
    )


def campaign_get(*, user, pk: int) -> Campaign:
    return access.get_visible_or_404(
        Campaign.objects.select_related("cluster", "cluster__project", "questionnaire"),
        user,
        pk=pk,
    )


def usable_questionnaires(*, cluster: Cluster) -> QuerySet[Questionnaire]:
    """The consortium's current questionnaires and the cluster's own current ones."""
    return Questionnaire.objects.filter(project_id=cluster.project_id, is_current=True).filter(
        Q(cluster__isnull=True) | Q(cluster=cluster)
    )


def status_counts(campaign: Campaign) -> dict[str, int]:
    rows = campaign.invitations.values("status").annotate(n=Count("pk")).order_by()
    counts = dict.fromkeys(InvitationStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def invitation_list(*, campaign: Campaign, status: str | None = None) -> QuerySet[Invitation]:
    invitations = campaign.invitations.annotate(
        mails_sent=Count("mails", filter=Q(mails__status=MailStatus.SENT)),
        mails_failed=Count("mails", filter=Q(mails__status=MailStatus.FAILED)),
        last_error=Max("mails__last_error"),
    ).order_by("name", "pk")
    if status == "waiting":
        return invitations.exclude(status__in=FINAL)
    if status:
        return invitations.filter(status=status)
    return invitations


# --- Drafts ---------------------------------------------------------------------------


def _require_editable_questionnaire(questionnaire: Questionnaire, cluster: Cluster) -> None:
    if not usable_questionnaires(cluster=cluster).filter(pk=questionnaire.pk).exists():
        raise ValidationError(
            {"questionnaire": _("Choose a current questionnaire of the consortium or the cluster.")}
        )


# Who created or launched it: set by the services, empty once that user is deleted.
USER_FIELDS = ("created_by", "launched_by")

DRAFT_FIELDS = (
    "questionnaire",
    "title",
    "opens_on",
    "closes_on",
    "anonymous",
    "invitation_subject",
    "invitation_body",
    "reminder_after_days",
    "max_reminders",
)


def _check_texts(campaign: Campaign) -> None:
    errors = {}
    for field in ("invitation_subject", "invitation_body"):
        for code, text in (getattr(campaign, field) or {}).items():
            try:
                mail.validate_placeholders(text)
            except ValidationError as error:
                errors.setdefault(field, []).extend(
                    [f"{code}: {message}" for message in error.messages]
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def campaign_create(*, actor, cluster: Cluster, **fields) -> Campaign:
    access.require_change(actor, cluster)
    campaign = Campaign(cluster=cluster, created_by=actor)
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} cannot be set here")
        setattr(campaign, name, value)
    _require_editable_questionnaire(campaign.questionnaire, cluster)
    _check_texts(campaign)
    campaign.full_clean(exclude=USER_FIELDS)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_update(*, actor, campaign: Campaign, **fields) -> Campaign:
    access.require_change(actor, campaign.cluster)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    launched = campaign.launched_at is not None
    for name, value in fields.items():
        if name not in DRAFT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        # After the launch only the closing day and the reminders may change.
        frozen = name not in ("closes_on", "reminder_after_days", "max_reminders")
        if launched and frozen and getattr(campaign, name) != value:
            raise ValidationError({name: _("This cannot change once the campaign is sent.")})
        setattr(campaign, name, value)
    if not launched:
        _require_editable_questionnaire(campaign.questionnaire, campaign.cluster)
    _check_texts(campaign)
    campaign.full_clean(exclude=USER_FIELDS)
    campaign.save()
    return campaign


@transaction.atomic
def campaign_close(*, actor, campaign: Campaign) -> Campaign:
    """Close a campaign early: its links stop working, no more reminders."""
    access.require_change(actor, campaign.cluster)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.launched_at is None:
        raise ValidationError(_("A draft is not sent yet; there is nothing to close."))
    if campaign.closed_at is None:
        campaign.closed_at = timezone.now()
        campaign.save(update_fields=["closed_at"])
        Mail.objects.filter(invitation__campaign=campaign, status=MailStatus.QUEUED).update(
            status=MailStatus.FAILED, last_error=_("The campaign was closed.")
        )
    return campaign


# --- Recipients -----------------------------------------------------------------------


@dataclass
class RecipientFilter:
    member_types: list[str]
    sectors: list[int]
    consent_only: bool = True

    def as_json(self) -> dict:
        return {
            "member_types": list(self.member_types),
            "sectors": [int(pk) for pk in self.sectors],
            "consent_only": self.consent_only,
        }


def _suppressing(project_id: int, email_ref: str = "email_lower"):
    """The suppression rows of the outer row's (lowered) address: the address itself, or
    its SHA-256 for a person erased since (tracekei.privacy.addresses)."""
    hashed = Concat(AddressSha256(OuterRef(email_ref)), Value(f"@{PLACEHOLDER_DOMAIN}"))
    return Suppression.objects.filter(project_id=project_id).filter(
        Q(email=OuterRef(email_ref)) | Q(email=hashed)
    )


def suppressed_addresses(*, project_id: int, emails) -> set[str]:
    """Which of ``emails`` (lowered) the project's suppression list holds, as the plain
    address or, for an erased person, as its hash (``suppression_keys``). One query."""
    keys = {key: email.strip().lower() for email in emails for key in suppression_keys(email)}
    found = Suppression.objects.filter(project_id=project_id, email__in=keys)
    return {keys[key] for key in found.values_list("email", flat=True)}


def _suppressed(project_id: int, email_ref: str = "email_lower"):
    return Exists(_suppressing(project_id, email_ref).values("pk"))


def recipient_members(*, campaign: Campaign, chosen: RecipientFilter) -> QuerySet[Member]:
    """The cluster's current members the filter picks, with an address, suppression
    marked (``suppressed``: the address is on the project's list)."""
    today = timezone.localdate()
    members = (
        Member.objects.filter(cluster_id=campaign.cluster_id)
        .exclude(contact_email="")
        .exclude(left_on__lte=today)
        .annotate(email_lower=Lower("contact_email"))
    )
    if chosen.consent_only:
        members = members.filter(survey_consent=True)
    if chosen.member_types:
        members = members.filter(member_type__in=chosen.member_types)
    if chosen.sectors:
        members = members.filter(
            pk__in=Member.sectors.through.objects.filter(sector_id__in=chosen.sectors).values(
                "member_id"
            )
        )
    return members.annotate(suppressed=_suppressed(campaign.cluster.project_id)).order_by(
        "name", "pk"
    )


def recipient_summary(*, campaign: Campaign, chosen: RecipientFilter) -> dict:
    """What the recipients page shows before launching: counts and who is left out."""
    members = recipient_members(campaign=campaign, chosen=chosen)
    by_suppression = dict(
        members.order_by()
        .values("suppressed")
        .annotate(n=Count("pk"))
        .values_list("suppressed", "n")
    )
    counts = {"total": sum(by_suppression.values()), "suppressed": by_suppression.get(True, 0)}
    excluded = list(
        members.filter(suppressed=True)
        .annotate(reason=_suppressing(campaign.cluster.project_id).values("reason")[:1])
        .values("pk", "name", "contact_email", "reason")[:200]
    )
    reasons = dict(SuppressionReason.choices)
    for row in excluded:
        row["reason_label"] = reasons.get(row["reason"], row["reason"])
    cluster_members = Member.objects.filter(cluster_id=campaign.cluster_id)
    without = cluster_members.aggregate(
        no_address=Count("pk", filter=Q(contact_email="")),
        no_consent=Count("pk", filter=Q(survey_consent=False) & ~Q(contact_email="")),
    )
    return {
        "count": counts["total"] - counts["suppressed"],
        "suppressed": counts["suppressed"],
        "excluded": excluded,
        "no_address": without["no_address"],
        "no_consent": without["no_consent"] if chosen.consent_only else 0,
    }


# --- Launch ---------------------------------------------------------------------------


def _language(code: str) -> str:
    code = (code or "").lower()
    if code in LANGUAGE_CODES:
        return code
    base = code.split("-")[0]
    return base if base in LANGUAGE_CODES else "en"


def _queue_mails(mail_ids: list[int]) -> None:
    """Queue the sending of these mails after commit, in chunks. More than one chunk:
    one task splits them (a worker queues the chunks), so a launch to 10,000 publishes
    one message in the request, not 200."""
    from .tasks import queue_chunks, send_mails

    if not mail_ids:
        return
    if len(mail_ids) <= settings.SURVEY_MAIL_CHUNK:
        enqueue(send_mails, mail_ids)
    else:
        enqueue(queue_chunks, mail_ids)


@dataclass(frozen=True)
class Recipient:
    """One address to invite: a member of the cluster (``member_id``) or anyone else
    asked by e-mail (a training's attendee: ``member_id`` None)."""

    email: str
    name: str
    language: str = "en"
    member_id: int | None = None


@dataclass
class LaunchOutcome:
    invited: int
    suppressed: list[Recipient]  # left out: on the project's suppression list


def _lock_for_launch(actor, campaign: Campaign) -> Campaign:
    access.require_change(actor, campaign.cluster)
    campaign = (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("cluster")
        .get(pk=campaign.pk)
    )
    if campaign.launched_at is not None:
        raise ValidationError(_("This campaign was already sent."))
    if campaign.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("The closing day is past: choose a later day before sending.")}
        )
    return campaign


def _send(*, actor, campaign: Campaign, recipients, recipient_filter: dict, empty: str) -> int:
    """The launch itself: one Invitation and one invitation Mail per address (the first
    recipient of an address wins), the campaign marked sent, the e-mails queued after
    commit (or on the opening day). Returns the number of invitations."""
    rows, seen = [], set()
    for recipient in recipients:
        email = recipient.email.strip().lower()
        if not email or email in seen:
            continue
        seen.add(email)
        salt, token_hash = mail.new_link_secret()
        rows.append(
            (
                recipient.member_id,
                recipient.name[:200],
                email,
                _language(recipient.language),
                token_hash,
                salt,
            )
        )
    if not rows:
        raise ValidationError(empty)
    mail_ids = _insert_invitations(campaign, rows)
    audit.record_bulk(
        Invitation, rows=len(rows), cluster=campaign.cluster_id, campaign=campaign.title
    )
    campaign.launched_at = timezone.now()
    campaign.launched_by = actor
    campaign.recipient_filter = recipient_filter
    campaign.save(update_fields=["launched_at", "launched_by", "recipient_filter"])
    if campaign.opens_on <= timezone.localdate():
        _queue_mails(mail_ids)
    # Else scheduled: Celery beat sends the invitations on the opening day
    # (``invitations_due``), so no link arrives before it works.
    return len(rows)


@transaction.atomic
def campaign_launch(*, actor, campaign: Campaign, chosen: RecipientFilter) -> int:
    """Invite the chosen members: one Invitation and one invitation Mail each, written
    with ``bulk_create`` (a fixed number of queries whatever the number of recipients),
    the e-mails queued after commit. Suppressed addresses are left out; an address
    shared by two members is invited once. Returns the number of invitations."""
    campaign = _lock_for_launch(actor, campaign)
    rows = (
        recipient_members(campaign=campaign, chosen=chosen)
        .filter(suppressed=False)
        .values_list("pk", "name", "email_lower", "preferred_language")
    )
    return _send(
        actor=actor,
        campaign=campaign,
        recipients=(
            Recipient(email=email, name=name, language=language, member_id=member_id)
            for member_id, name, email, language in rows
        ),
        recipient_filter=chosen.as_json(),
        empty=_("No recipient: change the filters or add members' addresses."),
    )


@transaction.atomic
def campaign_launch_to(
    *, actor, campaign: Campaign, recipients: list[Recipient], recipient_filter: dict
) -> LaunchOutcome:
    """Invite a list of addresses that are not (all) the cluster's members, such as the
    attendees of a training: the same invitations and e-mails as ``campaign_launch``,
    the project's suppression list respected (those left out are returned), one
    invitation per address. ``recipient_filter`` records what the list was."""
    campaign = _lock_for_launch(actor, campaign)
    suppressed = suppressed_addresses(
        project_id=campaign.cluster.project_id, emails=[r.email for r in recipients]
    )
    kept = [r for r in recipients if r.email.strip().lower() not in suppressed]
    left_out = [r for r in recipients if r.email.strip().lower() in suppressed]
    invited = _send(
        actor=actor,
        campaign=campaign,
        recipients=kept,
        recipient_filter=recipient_filter,
        empty=_("No recipient: every address is missing or on the suppression list."),
    )
    return LaunchOutcome(invited=invited, suppressed=left_out)


def _copy_text(value) -> str:
    """One value in PostgreSQL's COPY text format (``\\N`` is NULL: an invitation of
    someone who is not a member)."""
    if value is None:
        return "\\N"
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), ("\t", "\\t"), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(raw, escaped)
    return text


def _insert_invitations(campaign: Campaign, recipients: list[tuple]) -> list[int]:
    """Insert one queued Invitation per recipient ``(member_id, name, email, language,
    token_hash, token_salt)`` and one queued invitation Mail each; the Mail ids.

    On PostgreSQL two statements whatever the number (``COPY`` for the invitations,
    ``INSERT ... SELECT`` for their mails): building 10,000 model instances and
    ``bulk_create``'s SQL takes seconds of Python, and PostgreSQL plans a 10,000-row
    ``VALUES`` for a while. Elsewhere (SQLite on a laptop) ``bulk_create``."""
    if connection.vendor != "postgresql":
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(
                    campaign=campaign,
                    member_id=member_id,
                    name=name,
                    email=email,
                    language=language,
                    token_hash=token_hash,
                    token_salt=salt,
                    status=InvitationStatus.QUEUED,
                )
                for member_id, name, email, language, token_hash, salt in recipients
            ]
        )
        mails = Mail.objects.bulk_create(
            [Mail(invitation_id=row.pk, kind=MailKind.INVITATION) for row in invitations]
        )
        return [row.pk for row in mails]
    now = timezone.now().isoformat()
    lines = "".join(
        "\t".join(
            _copy_text(value)
            for value in (campaign.pk, *recipient, InvitationStatus.QUEUED.value, "", 0, now)
        )
        + "\n"
        for recipient in recipients
    )
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {Invitation._meta.db_table} (campaign_id, member_id, name, email, language, "
            "token_hash, token_salt, status, failure_reason, reminders_sent, created_at) "
            "FROM STDIN",
            io.StringIO(lines),
        )
        cursor.execute(
            f"INSERT INTO {Mail._meta.db_table} (invitation_id, kind, number, status, attempts, "  # noqa: S608
            "last_error, created_at) SELECT id, %s, 0, %s, 0, '', %s FROM "
            f"{Invitation._meta.db_table} WHERE campaign_id = %s ORDER BY id RETURNING id",
            [MailKind.INVITATION.value, MailStatus.QUEUED.value, timezone.now(), campaign.pk],
        )
        return [row[0] for row in cursor.fetchall()]


# --- Resend, reminders ----------------------------------------------------------------


@transaction.atomic
def invitation_resend(*, actor, invitation: Invitation) -> Mail:
    """Send the same link again to one recipient (a new Mail, kind resend)."""
    access.require_change(actor, invitation.campaign.cluster)
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("campaign", "campaign__cluster")
        .get(pk=invitation.pk)
    )
    if campaign_state(invitation.campaign) not in (OPEN, SCHEDULED):
        raise ValidationError(_("The campaign is not open: nothing can be sent."))
    if invitation.status in FINAL:
        raise ValidationError(_("This recipient has answered or opted out."))
    if Suppression.objects.filter(
        project_id=invitation.campaign.cluster.project_id,
        email__in=suppression_keys(invitation.email),
    ).exists():
        raise ValidationError(_("This address is on the suppression list."))
    number = (
        invitation.mails.filter(kind=MailKind.RESEND).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    resend = Mail(invitation=invitation, kind=MailKind.RESEND, number=number)
    resend.full_clean()
    resend.save()
    if invitation.status == InvitationStatus.FAILED:
        invitation.status = InvitationStatus.QUEUED
        invitation.failure_reason = ""
        invitation.save(update_fields=["status", "failure_reason"])
    _queue_mails([resend.pk])
    return resend


def _has_reminder(number: int):
    return Exists(
        Mail.objects.filter(invitation_id=OuterRef("pk"), kind=MailKind.REMINDER, number=number)
    )


def invitations_due(now: dt.datetime | None = None) -> int:
    """Queue the invitations of campaigns launched before their opening day, once it
    has come. Only never-tried rows; a row queued twice is still sent once."""
    today = timezone.localdate(now or timezone.now())
    ids = list(
        Mail.objects.filter(
            kind=MailKind.INVITATION,
            status=MailStatus.QUEUED,
            attempts=0,
            invitation__campaign__closed_at__isnull=True,
            invitation__campaign__opens_on__lte=today,
            invitation__campaign__closes_on__gte=today,
            invitation__campaign__launched_at__date__lt=F("invitation__campaign__opens_on"),
        ).values_list("pk", flat=True)
    )
    if ids:
        with transaction.atomic():
            _queue_mails(ids)
    return len(ids)


def reminders_due(now: dt.datetime | None = None) -> int:
    """Queue the reminders that are due in every open campaign. Idempotent: a reminder
    is a Mail (invitation, reminder, n), unique, so a second run adds none."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    campaigns = Campaign.objects.filter(
        launched_at__isnull=False,
        closed_at__isnull=True,
        opens_on__lte=today,
        closes_on__gte=today,
        max_reminders__gt=0,
    ).select_related("cluster")
    created = 0
    for campaign in campaigns:
        days = sorted({int(day) for day in campaign.reminder_after_days or [] if int(day) > 0})
        for number, after in enumerate(days[: campaign.max_reminders], start=1):
            due = (
                campaign.invitations.filter(
                    status__in=WAITING, sent_at__lte=now - dt.timedelta(days=after)
                )
                .annotate(email_lower=Lower("email"))
                .exclude(_suppressed(campaign.cluster.project_id))
                .exclude(_has_reminder(number))
            )
            if number > 1:  # the previous reminder first
                due = due.filter(_has_reminder(number - 1))
            ids = list(due.values_list("pk", flat=True))
            if not ids:
                continue
            with transaction.atomic():
                rows = Mail.objects.bulk_create(
                    [Mail(invitation_id=pk, kind=MailKind.REMINDER, number=number) for pk in ids],
                    ignore_conflicts=True,
                )
                created += len(rows)
                queued = list(
                    Mail.objects.filter(
                        invitation_id__in=ids,
                        kind=MailKind.REMINDER,
                        number=number,
                        status=MailStatus.QUEUED,
                    ).values_list("pk", flat=True)
                )
                _queue_mails(queued)
    return created


# --- Suppression, unsubscribe ---------------------------------------------------------


def suppression_projects(user) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=access.visible_clusters(user).values("project_id"))


def suppression_list(*, user) -> QuerySet[Suppression]:
    return (
        Suppression.objects.filter(project__in=suppression_projects(user))
        .select_related("campaign")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def suppression_add(*, actor, project: Project, email: str, reason: str, note: str = ""):
    if not access.editable_clusters(actor).filter(project=project).exists():
        raise PermissionDenied
    suppression = Suppression(
        project=project, email=email.strip().lower(), reason=reason, note=note
    )
    suppression.full_clean()
    suppression.save()
    _cancel_queued(project_id=project.pk, email=suppression.email)
    return suppression


def _cancel_queued(*, project_id: int, email: str) -> None:
    Mail.objects.filter(
        invitation__campaign__cluster__project_id=project_id,
        invitation__email__iexact=email,
        status=MailStatus.QUEUED,
    ).update(status=MailStatus.FAILED, last_error=_("The address is on the suppression list."))


@transaction.atomic
def invitation_opt_out(*, invitation: Invitation) -> None:
    """The recipient asked for no more surveys (the unsubscribe link): the address goes
    on the project's suppression list, and nothing more is sent to it."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    campaign = invitation.campaign
    project_id = campaign.cluster.project_id
    Suppression.objects.get_or_create(
        project_id=project_id,
        email=invitation.email.strip().lower(),
        defaults={"reason": SuppressionReason.OPTED_OUT, "campaign": campaign},
    )
    if invitation.status != InvitationStatus.COMPLETED:
        invitation.status = InvitationStatus.OPTED_OUT
        invitation.save(update_fields=["status"])
    _cancel_queued(project_id=project_id, email=invitation.email)
