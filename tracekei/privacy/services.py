"""Data protection's writes and its one big read: a member contact's subject access
export, their erasure, and the retention purge of old survey campaigns.

Everything here walks ``inventory.INVENTORY``: a holding added there without its
handling here is caught by ``tests/privacy/test_inventory.py``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.models import Member, MemberImport
from services.models import ServiceDelivery
from strategy.models import ConsultationLink, Feedback
from surveys.models import (
    Answer,
    Campaign,
    Invitation,
    Mail,
    Response,
    Suppression,
    SuppressionReason,
)
from tracekei import access
from trainings.models import Participation

from .addresses import PLACEHOLDER_DOMAIN, hashed_address, placeholder_email, suppression_keys
from .models import ContactConsent, Erasure
from .signals import person_erased


def erased_name(member: Member) -> str:
    return f"Erased contact #{member.pk}"


# --- who may ------------------------------------------------------------------------------


def can_export(user, member: Member) -> bool:
    """The coordinator of the member's project (and the admin), who answers access
    requests (the privacy notice says so). Not the cluster's managers: the export joins
    the person to their answers in *anonymous* campaigns, and finds them by address in
    other clusters' campaigns and activities, neither of which a manager may see."""
    return access.coordinates(user, member.cluster)


def can_erase(user, member: Member) -> bool:
    """Erasure is irreversible: the coordinator of the member's project only (and the
    admin). A manager sees the consequences and asks the coordinator."""
    return access.coordinates(user, member.cluster)


# --- what is held ----------------------------------------------------------------------------


@dataclass
class Holdings:
    """The rows of one member contact, per inventory model."""

    member: Member
    emails: set[str]
    rows: dict[str, QuerySet] = field(default_factory=dict)


def _emails(member: Member) -> set[str]:
    return {member.contact_email.strip().lower()} if member.contact_email.strip() else set()


def holdings(member: Member) -> Holdings:
    """Every row holding the member contact's personal data (querysets, lazy)."""
    emails = _emails(member)
    project_id = member.cluster.project_id
    invitations = Invitation.objects.filter(
        Q(member=member)
        | Q(
            member__isnull=True,
            email__iregex=_any_of(emails),
            campaign__cluster__project_id=project_id,
        )
        if emails
        else Q(member=member)
    )
    links = ConsultationLink.objects.filter(member=member)
    return Holdings(
        member=member,
        emails=emails,
        rows={
            "clusters.Member": Member.objects.filter(pk=member.pk),
            "privacy.ContactConsent": ContactConsent.objects.filter(member=member),
            "clusters.MemberImport": _imports_naming(member),
            "services.ServiceDelivery": ServiceDelivery.objects.filter(member=member),
            "surveys.Invitation": invitations,
            "surveys.Mail": Mail.objects.filter(invitation__in=invitations),
            "surveys.Response": Response.objects.filter(invitation__in=invitations),
            "surveys.Answer": Answer.objects.filter(response__invitation__in=invitations),
            "surveys.Suppression": Suppression.objects.filter(
                project_id=project_id,
                email__in=[key for email in emails for key in suppression_keys(email)],
            ),
            "trainings.Participation": Participation.objects.filter(
                user__isnull=True,
                email__iregex=_any_of(emails),
                activity__organising_cluster__project_id=project_id,
            )
            if emails
            else Participation.objects.none(),
            "strategy.ConsultationLink": links,
            "strategy.Feedback": Feedback.objects.filter(link__in=links),
        },
    )


def _any_of(emails: set[str]) -> str:
    """A case-insensitive exact match of any of the addresses (one query, no OR chain)."""
    return "^(" + "|".join(re.escape(email) for email in sorted(emails)) + ")$"


def _imports_naming(member: Member) -> QuerySet[MemberImport]:
    """The cluster's member imports whose rows hold the contact's address or name (a
    cluster has a few imports: they are read here, not searched in SQL)."""
    imports = MemberImport.objects.filter(cluster_id=member.cluster_id)
    ids = [
        member_import.pk
        for member_import in imports.only("pk", "rows")
        if any(_row_names(row, member) for row in member_import.rows)
    ]
    return imports.filter(pk__in=ids)


# --- export ----------------------------------------------------------------------------------


def _iso(value):
    """Dates stay dates here (the page formats them); the JSON file writes them in ISO
    8601 (``DjangoJSONEncoder``)."""
    return value


def subject_access_export(*, actor, member: Member) -> dict:
    """Everything the portal holds about the member's contact, as plain JSON data."""
    if not can_export(actor, member):
        raise PermissionDenied
    held = holdings(member)
    rows = held.rows
    invitations = rows["surveys.Invitation"].select_related("campaign", "campaign__cluster")
    answers = (
        rows["surveys.Answer"]
        .select_related("question", "service", "response")
        .prefetch_related("choices")
        .order_by("response_id", "pk")
    )
    answers_by_response: dict[int, list] = {}
    for answer in answers:
        answers_by_response.setdefault(answer.response_id, []).append(
            {
                "question": answer.question.code,
                "service": answer.service.name if answer.service_id else None,
                "number": str(answer.number) if answer.number is not None else None,
                "yes_no": answer.boolean,
                "text": answer.text,
                "choices": [choice.code for choice in answer.choices.all()],
            }
        )
    responses = {response.invitation_id: response for response in rows["surveys.Response"]}
    data = {
        "generated_at": timezone.now(),
        "generated_by": actor.email,
        "inventory": [holding.model for holding in _inventory()],
        "member": {
            "id": member.pk,
            "organisation": member.name,
            "cluster": member.cluster.acronym,
            "contact_name": member.contact_name,
            "contact_email": member.contact_email,
            "preferred_language": member.preferred_language,
            "survey_consent": member.survey_consent,
            "survey_consent_on": _iso(member.survey_consent_on),
            "joined_on": _iso(member.joined_on),
            "left_on": _iso(member.left_on),
            "created_at": _iso(member.created_at),
            "updated_at": _iso(member.updated_at),
        },
        "consents": [
            {
                "given_on": _iso(consent.given_on),
                "wording": consent.wording,
                "source": consent.source,
                "recorded_at": _iso(consent.recorded_at),
            }
            for consent in rows["privacy.ContactConsent"]
        ],
        "member_imports": [
            {
                "filename": member_import.filename,
                "uploaded_at": _iso(member_import.created_at),
                "rows": [row for row in member_import.rows if _row_names(row, member)],
            }
            for member_import in rows["clusters.MemberImport"]
        ],
        "deliveries_received": [
            {
                "service": delivery.service.name,
                "delivered_on": _iso(delivery.delivered_on),
                "hours": str(delivery.hours) if delivery.hours is not None else None,
                "outcome": delivery.outcome,
            }
            for delivery in rows["services.ServiceDelivery"].select_related("service")
        ],
        "survey_invitations": [
            _invitation_data(invitation, responses.get(invitation.pk), answers_by_response)
            for invitation in invitations
        ],
        "survey_mails": [
            {
                "invitation": mail.invitation_id,
                "kind": mail.kind,
                "status": mail.status,
                "sent_at": _iso(mail.sent_at),
                "last_error": mail.last_error,
            }
            for mail in rows["surveys.Mail"]
        ],
        "suppression": [
            {
                "email": suppression.email,
                "reason": suppression.reason,
                "note": suppression.note,
                "created_at": _iso(suppression.created_at),
            }
            for suppression in rows["surveys.Suppression"]
        ],
        "training_participations": [
            {
                "activity": participation.activity.title,
                "starts_on": _iso(participation.activity.start_date),
                "name": participation.name,
                "organisation": participation.organisation,
                "email": participation.email,
                "registered_at": _iso(participation.registered_at),
            }
            for participation in rows["trainings.Participation"].select_related("activity")
        ],
        "strategy_consultations": [
            {
                "respondent_name": link.respondent_name,
                "role": link.role,
                "created_at": _iso(link.created_at),
                "feedback": [
                    {
                        "heading": feedback.heading,
                        "author": feedback.author,
                        "comment": feedback.comment,
                        "created_at": _iso(feedback.created_at),
                    }
                    for feedback in link.feedback.all()
                ],
            }
            for link in rows["strategy.ConsultationLink"].prefetch_related("feedback")
        ],
    }
    return data


def _invitation_data(invitation: Invitation, response: Response | None, answers) -> dict:
    return {
        "campaign": invitation.campaign.title,
        "cluster": invitation.campaign.cluster.acronym,
        "anonymous_campaign": invitation.campaign.anonymous,
        "name": invitation.name,
        "email": invitation.email,
        "status": invitation.status,
        "sent_at": _iso(invitation.sent_at),
        "opened_at": _iso(invitation.opened_at),
        "failure_reason": invitation.failure_reason,
        "response": None
        if response is None
        else {
            "consent_at": _iso(response.consent_at),
            "consent_text": response.consent_text,
            "language": response.language,
            "submitted_at": _iso(response.submitted_at),
            "answers": answers.get(response.pk, []),
        },
    }


def _row_names(row, member: Member) -> bool:
    text = str(row).lower()
    return any(
        value.strip().lower() in text
        for value in (member.contact_email, member.contact_name)
        if value.strip()
    )


def _inventory():
    from .inventory import INVENTORY

    return INVENTORY


# --- erase -----------------------------------------------------------------------------------


def _scrubber(member: Member):
    """A function cutting the contact's name and address out of a free text: the address
    anywhere, the name as whole words ("Ana" must not turn "Analysis" into nonsense)."""
    email, name = member.contact_email.strip(), member.contact_name.strip()
    parts = [re.escape(email)] if email else []
    if name:
        parts.append(rf"\b{re.escape(name)}\b")
    if not parts:
        return lambda text: text
    pattern = re.compile("|".join(parts), re.IGNORECASE)
    replacement = erased_name(member)
    return lambda text: pattern.sub(replacement, text) if text else text


def _scrub_value(value, scrub):
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {key: _scrub_value(item, scrub) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub_value(item, scrub) for item in value]
    return value


@dataclass
class ErasureSummary:
    """What an erasure changed, per inventory model (rows touched)."""

    member_id: int
    touched: dict[str, int]


def erasure_preview(*, member: Member) -> dict[str, int]:
    """How many rows of each kind the erasure would change (the confirm page)."""
    return {model: queryset.count() for model, queryset in holdings(member).rows.items()}


@transaction.atomic
def erase_member_contact(*, actor, member: Member, reason: str) -> ErasureSummary:
    """Anonymise the member contact everywhere the inventory lists, in one transaction.

    Kept: the rows the KPIs count (the member as an organisation, its deliveries, its
    invitations, responses and ratings, attendance), so every KPI keeps its value.
    Then ``person_erased`` tells the other keepers (the audit trail) to scrub theirs."""
    if not can_erase(actor, member):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the contact is erased.")})
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=member.pk)
    )
    held = holdings(member)
    rows = held.rows
    scrub = _scrubber(member)
    names = {member.contact_name.strip()} - {""}
    name = erased_name(member)
    touched: dict[str, int] = {}

    # Everything is read before the member row changes: the look-ups match on its address.
    invitation_ids = list(rows["surveys.Invitation"].values_list("pk", flat=True))
    import_rows = list(rows["clusters.MemberImport"])
    delivery_rows = [
        row for row in rows["services.ServiceDelivery"] if scrub(row.outcome) != row.outcome
    ]
    suppressions = list(rows["surveys.Suppression"])
    participations = list(rows["trainings.Participation"])
    links = list(rows["strategy.ConsultationLink"])
    feedback = list(rows["strategy.Feedback"])

    touched["clusters.Member"] = 1
    member.contact_name = name
    member.contact_email = ""
    member.survey_consent = False
    member.survey_consent_on = None
    member.full_clean()
    member.save(
        update_fields=[
            "contact_name",
            "contact_email",
            "survey_consent",
            "survey_consent_on",
            "updated_at",
        ]
    )

    for member_import in import_rows:
        member_import.rows = _scrub_value(member_import.rows, scrub)
        member_import.save(update_fields=["rows"])
    touched["clusters.MemberImport"] = len(import_rows)

    for delivery in delivery_rows:
        delivery.outcome = scrub(delivery.outcome)
        delivery.save(update_fields=["outcome"])
    touched["services.ServiceDelivery"] = len(delivery_rows)

    invitations = Invitation.objects.filter(pk__in=invitation_ids)
    for invitation in invitations:
        invitation.name = name
        invitation.email = placeholder_email("invitation", invitation.pk)
        invitation.failure_reason = ""
        invitation.save(update_fields=["name", "email", "failure_reason"])
    touched["surveys.Invitation"] = len(invitation_ids)
    touched["surveys.Mail"] = (
        Mail.objects.filter(invitation_id__in=invitation_ids)
        .exclude(last_error="")
        .update(last_error="")
    )
    named = Answer.objects.filter(
        response__invitation_id__in=invitation_ids, response__campaign__anonymous=False
    ).exclude(text="")
    touched["surveys.Answer"] = named.update(text="")
    for answer in Answer.objects.filter(
        response__invitation_id__in=invitation_ids, response__campaign__anonymous=True
    ).exclude(text=""):
        if scrub(answer.text) != answer.text:
            answer.text = scrub(answer.text)
            answer.save(update_fields=["text"])
            touched["surveys.Answer"] += 1

    touched["surveys.Suppression"] = _suppress_hashed(member, held.emails, suppressions)

    for participation in participations:
        participation.name = name
        participation.email = ""
        participation.save(update_fields=["name", "email"])
    touched["trainings.Participation"] = len(participations)

    for link in links:
        link.respondent_name = name
        link.save(update_fields=["respondent_name"])
    touched["strategy.ConsultationLink"] = len(links)
    for point in feedback:
        point.author = ""
        point.comment = scrub(point.comment)
        point.save(update_fields=["author", "comment"])
    touched["strategy.Feedback"] = len(feedback)

    # The reason may name the person ("asked by e-mail on 3 March"): it is kept scrubbed.
    Erasure.objects.create(
        member=member, erased_by=actor, reason=scrub(reason)[:300], touched=touched
    )
    person_erased.send(sender=Member, instance=member, emails=held.emails, names=names, actor=actor)
    return ErasureSummary(member_id=member.pk, touched=touched)


def _suppress_hashed(member: Member, emails: set[str], suppressions: list[Suppression]) -> int:
    """The plain address leaves the suppression list; its hash stays on it (or is added),
    so that no campaign of the project e-mails the person again."""
    project_id = member.cluster.project_id
    for suppression in suppressions:
        if suppression.email in emails:
            suppression.delete()
    for email in emails:
        Suppression.objects.get_or_create(
            project_id=project_id,
            email=hashed_address(email),
            defaults={"reason": SuppressionReason.OPTED_OUT, "note": "Erased contact"},
        )
    return len(suppressions) + len(emails)


# --- retention -------------------------------------------------------------------------------


def retention_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS)


def campaigns_past_retention(today: dt.date | None = None) -> QuerySet[Campaign]:
    """Launched campaigns that closed (early, or on their last day) before the cutoff."""
    cutoff = retention_cutoff(today)
    return Campaign.objects.filter(launched_at__isnull=False).filter(
        Q(closed_at__date__lt=cutoff) | Q(closed_at__isnull=True, closes_on__lt=cutoff)
    )


@dataclass
class PurgeResult:
    campaigns: int
    invitations: int
    answers: int
    mails: int

    @property
    def rows(self) -> int:
        return self.invitations + self.answers + self.mails


@transaction.atomic
def purge_survey_personal_data(*, today: dt.date | None = None, dry_run=False) -> PurgeResult:
    """Blank the personal parts of campaigns closed longer than the retention period.

    Invitations: name blanked, address replaced by a placeholder (the rows stay: response
    rates count them; the member link stays: a member is an organisation, and the
    results group by member type). Mails: errors (they may quote the address) blanked.
    Open answers of named campaigns are blanked (they are read next to a name); those of
    anonymous campaigns are kept (results without a name). Ratings, numbers, choices and
    the consent records stay, so every result and KPI still computes. Running it again
    touches nothing: it only picks rows not yet purged."""
    campaigns = campaigns_past_retention(today)
    invitations = Invitation.objects.filter(campaign__in=campaigns).exclude(
        email__endswith=f"@{PLACEHOLDER_DOMAIN}"
    )
    mails = Mail.objects.filter(invitation__campaign__in=campaigns).exclude(last_error="")
    answers = Answer.objects.filter(
        response__campaign__in=campaigns.filter(anonymous=False)
    ).exclude(text="")
    result = PurgeResult(
        campaigns=campaigns.filter(invitations__in=invitations).distinct().count(),
        invitations=invitations.count(),
        answers=answers.count(),
        mails=mails.count(),
    )
    if dry_run:
        return result
    # One statement whatever the number (a campaign may have thousands of invitations).
    invitations.update(
        name="",
        email=Concat(
            Value("invitation-"), Cast("pk", CharField()), Value(f"@{PLACEHOLDER_DOMAIN}")
        ),
        failure_reason="",
    )
    mails.update(last_error="")
    answers.update(text="")
    return result
