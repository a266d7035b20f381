"""Every write of the clusters app. Each one checks, through tracekei.access, that the
actor may change the cluster, and keeps the invariants (full_clean before save)."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracekei import access, audit
from tracekei.outbox import enqueue

from . import member_io
from .models import Cluster, ClusterRole, Invitation, LabelAward, Member, MemberImport, Sector
from .tasks import send_invitation


@transaction.atomic
def member_create(*, actor, cluster: Cluster, sectors=(), is_demo=False, **fields) -> Member:
    access.require_change(actor, cluster)
    member = Member(cluster=cluster, is_demo=is_demo, **fields)
    member.full_clean()
    member.save()
    member.sectors.set(sectors)
    return member


@transaction.atomic
def member_update(*, actor, member: Member, sectors=None, **fields) -> Member:
    access.require_change(actor, member.cluster)
    for name, value in fields.items():
        if name not in Member.EDITABLE_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(member, name, value)
    member.full_clean()
    member.save()
    if sectors is not None:
        member.sectors.set(sectors)
    return member


def member_import_preview(*, actor, cluster: Cluster, uploaded_file):
    """Check an upload. A clean file is kept as a previewed import; nothing else is written."""
    access.require_change(actor, cluster)
    parsed = member_io.parse_member_file(
        uploaded_file,
        existing_keys=cluster.members.values_list("organisation_key", flat=True),
    )
    if not parsed.ok:
        return None, parsed
    member_import = MemberImport.objects.create(
        cluster=cluster,
        uploaded_by=actor,
        filename=getattr(uploaded_file, "name", "upload")[:255],
        rows=parsed.rows,
    )
    return member_import, parsed


@transaction.atomic
def member_import_apply(*, actor, member_import: MemberImport) -> int:
    """Create every member of a previewed import, or none of them."""
    member_import = MemberImport.objects.select_for_update().get(pk=member_import.pk)
    cluster = member_import.cluster
    access.require_change(actor, cluster)
    if member_import.status != MemberImport.Status.PREVIEWED:
        raise ValidationError(_("This import has already been applied."))
    sectors = {s.slug: s for s in Sector.objects.all()}
    for row in member_import.rows:
        fields = {key: value for key, value in row.items() if key not in ("sectors", "line")}
        for name in ("survey_consent_on", "joined_on", "left_on"):
            fields[name] = dt.date.fromisoformat(fields[name]) if fields[name] else None
        removed = [slug for slug in row["sectors"] if slug not in sectors]
        if removed:
            # A sector was deleted since the preview: refuse the file, as for a new member.
            raise ValidationError(
                _("Line %(line)d: unknown sector %(sectors)s.")
                % {"line": row["line"], "sectors": ", ".join(removed)}
            )
        try:
            member_create(
                actor=actor,
                cluster=cluster,
                sectors=[sectors[slug] for slug in row["sectors"]],
                **fields,
            )
        except ValidationError as error:
            # The cluster changed since the preview (someone added the same member):
            # the transaction rolls back every row created so far.
            raise ValidationError(
                _("Line %(line)d: %(reasons)s")
                % {"line": row["line"], "reasons": "; ".join(error.messages)}
            ) from error
    member_import.status = MemberImport.Status.APPLIED
    member_import.applied_at = timezone.now()
    member_import.save(update_fields=["status", "applied_at"])
    # Each member has its own entry; this one says they came from one file.
    audit.record_bulk(
        Member, rows=len(member_import.rows), cluster=cluster.pk, file=member_import.filename
    )
    return len(member_import.rows)


@transaction.atomic
def label_award_record(
    *, actor, cluster: Cluster, level: str, awarded_on: dt.date, valid_until=None, note=""
) -> LabelAward:
    access.require_change(actor, cluster)
    label = LabelAward(
        cluster=cluster,
        level=level,
        awarded_on=awarded_on,
        valid_until=valid_until or LabelAward.default_valid_until(awarded_on),
        note=note,
    )
    label.full_clean()
    label.save()
    return label


@transaction.atomic
def invitation_send(
    *, actor, cluster: Cluster, email: str, full_name: str = "", role=None, language="en"
):
    """Attach a person to a cluster and e-mail them a link that sets their password.

    Someone who already has an account is attached at once and told by e-mail.
    """
    from .models import RoleAssignment

    access.require_coordinator_of(actor, cluster)
    role = role or ClusterRole.MANAGER
    email = email.strip().lower()
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name.strip()}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if RoleAssignment.objects.filter(user=user, cluster=cluster).exists():
        raise ValidationError(
            {
                "email": _("%(email)s already has a role in %(cluster)s.")
                % {"email": email, "cluster": cluster}
            }
        )
    assignment = RoleAssignment(user=user, cluster=cluster, role=role)
    assignment.full_clean()
    assignment.save()
    invitation = Invitation(
        email=email, cluster=cluster, role=role, language=language, user=user, invited_by=actor
    )
    invitation.full_clean()
    invitation.save()
    enqueue(send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str):
    """The invited person chose a password: their e-mail address is now verified.

    A deactivated account stays deactivated: the link is refused before this is called."""
    user = invitation.user
    if not user.is_active:
        raise PermissionDenied
    user.set_password(password)
    user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    return user
