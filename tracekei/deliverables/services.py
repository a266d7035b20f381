"""Every write of the deliverables register: keyword-only, with the acting user, checked
against tracekei.deliverables.selectors' rules, atomic, ``full_clean()`` before saving,
and every status move recorded in the history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tracekei import access

from . import selectors
from .models import OPEN_STATUSES, Deliverable, Status, StatusChange

#: Defaults of the upload limits; a deployment may override them in its settings
#: (DELIVERABLES_UPLOAD_EXTENSIONS, DELIVERABLES_UPLOAD_MAX_BYTES).
UPLOAD_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".odt")
UPLOAD_MAX_BYTES = 25 * 1024 * 1024
# What the first bytes of each type must be: a renamed .exe is not a PDF.
_SIGNATURES = {
    ".pdf": b"%PDF-",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
}


def upload_limits() -> tuple[tuple[str, ...], int]:
    return (
        tuple(getattr(settings, "DELIVERABLES_UPLOAD_EXTENSIONS", UPLOAD_EXTENSIONS)),
        int(getattr(settings, "DELIVERABLES_UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES)),
    )


def check_upload(upload) -> None:
    suffix = Path(upload.name or "").suffix.lower()
    allowed, max_bytes = upload_limits()
    if suffix not in allowed:
        raise ValidationError(
            {"file": _("Upload one of these file types: %s.") % ", ".join(sorted(allowed))}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            {"file": _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}}
        )
    signature = _SIGNATURES.get(suffix)
    if signature:
        upload.seek(0)
        head = upload.read(len(signature))
        upload.seek(0)
        if head != signature:
            raise ValidationError({"file": _("The file's content does not match its type.")})


def _require_manage(actor, deliverable: Deliverable) -> None:
    if not selectors.may_manage(actor, deliverable):
        raise PermissionDenied


def _require_coordinator_of_project(actor, lead_cluster) -> None:
    if not access.coordinates(actor, lead_cluster):
        raise PermissionDenied


@transaction.atomic
def deliverable_create(
    *,
    actor,
    lead_cluster,
    number: str,
    title: str,
    work_package: str,
    due_date: dt.date,
    description: str = "",
) -> Deliverable:
    _require_coordinator_of_project(actor, lead_cluster)
    deliverable = Deliverable(
        project_id=lead_cluster.project_id,
        lead_cluster=lead_cluster,
        number=number,
        title=title,
        work_package=work_package,
        due_date=due_date,
        description=description,
    )
    deliverable.full_clean()
    deliverable.save()
    StatusChange.objects.create(
        deliverable=deliverable, from_status="", to_status=deliverable.status, changed_by=actor
    )
    return deliverable


@transaction.atomic
def deliverable_update(*, actor, deliverable: Deliverable, **fields) -> Deliverable:
    _require_manage(actor, deliverable)
    allowed = {"lead_cluster", "number", "title", "work_package", "due_date", "description"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Cannot update {sorted(unknown)}")
    lead_cluster = fields.get("lead_cluster")
    if lead_cluster is not None:
        if lead_cluster.project_id != deliverable.project_id:
            raise ValidationError({"lead_cluster": _("Choose a cluster of the project.")})
        _require_coordinator_of_project(actor, lead_cluster)
    for name, value in fields.items():
        setattr(deliverable, name, value)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_transition(
    *,
    actor,
    deliverable: Deliverable,
    to_status: str,
    comment: str = "",
    submitted_on: dt.date | None = None,
    late_justification: str = "",
) -> Deliverable:
    """Move a deliverable on (pending -> draft -> submitted -> approved or rejected;
    rejected -> pending for a resubmission). A submission needs a file and, after the
    due date, a justification."""
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    targets = selectors.allowed_targets(actor, deliverable)
    if not targets:
        raise PermissionDenied
    if to_status not in targets:
        raise ValidationError({"status": _("This move is not possible from here.")})
    today = timezone.localdate()
    previous = deliverable.status
    if to_status == Status.SUBMITTED:
        if not deliverable.has_attachment:
            raise ValidationError(
                {"status": _("Attach the deliverable's file or report before submitting it.")}
            )
        submitted_on = submitted_on or today
        if submitted_on > today:
            raise ValidationError(
                {"submitted_on": _("The submission date cannot be in the future.")}
            )
        deliverable.submitted_on = submitted_on
        justification = (late_justification or "").strip()
        if submitted_on > deliverable.due_date and not justification:
            raise ValidationError(
                {"late_justification": _("Submitted after the due date: say why.")}
            )
        if justification:
            deliverable.late_justification = justification
    elif to_status in OPEN_STATUSES:
        deliverable.submitted_on = None
    if to_status == Status.REJECTED and not comment.strip():
        raise ValidationError({"comment": _("Say why the deliverable was rejected.")})
    deliverable.status = to_status
    deliverable.full_clean()
    deliverable.save()
    StatusChange.objects.create(
        deliverable=deliverable,
        from_status=previous,
        to_status=to_status,
        changed_by=actor,
        comment=comment.strip(),
    )
    return deliverable


def _require_attach(actor, deliverable: Deliverable) -> None:
    if not selectors.may_work_on(actor, deliverable):
        raise PermissionDenied
    if deliverable.status not in OPEN_STATUSES:
        raise ValidationError(_("A submitted deliverable's file cannot change."))


def _drop_file(deliverable: Deliverable) -> None:
    if deliverable.file:
        name = deliverable.file.name
        storage = deliverable.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    deliverable.file = ""
    deliverable.original_name = ""
    deliverable.file_size = None


@transaction.atomic
def deliverable_attach_file(*, actor, deliverable: Deliverable, upload) -> Deliverable:
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    _require_attach(actor, deliverable)
    check_upload(upload)
    _drop_file(deliverable)
    deliverable.report = None
    deliverable.original_name = Path(upload.name).name[:255]
    deliverable.file_size = upload.size
    deliverable.file.save(upload.name, upload, save=False)
    deliverable.full_clean()
    deliverable.save()
    return deliverable


@transaction.atomic
def deliverable_attach_report(*, actor, deliverable: Deliverable, report) -> Deliverable:
    deliverable = Deliverable.objects.select_for_update().get(pk=deliverable.pk)
    _require_attach(actor, deliverable)
    if (
        not selectors.attachable_reports(user=actor, deliverable=deliverable)
        .filter(pk=report.pk)
        .exists()
    ):
        raise ValidationError({"report": _("Choose a finished report of this project.")})
    _drop_file(deliverable)
    deliverable.report = report
    deliverable.full_clean()
    deliverable.save()
    return deliverable
