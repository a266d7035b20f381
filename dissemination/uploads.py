"""Uploads of the dissemination app: evidence files (private: served only through a view
that checks access) and success-story pictures. The type is checked by the file's first
bytes, not only its name, and the size is bounded."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Defaults of the settings DISSEMINATION_EVIDENCE_MAX_BYTES and DISSEMINATION_PICTURE_MAX_BYTES.
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
PICTURE_MAX_BYTES = 2 * 1024 * 1024

# Extension -> the first bytes such a file starts with (office files are ZIP containers).
_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}
EVIDENCE_TYPES = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".pptx")
PICTURE_TYPES = (".png", ".jpg", ".jpeg")


def _check(upload, allowed: tuple[str, ...], max_bytes: int) -> None:
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in allowed:
        raise ValidationError(
            _("Upload a file of one of these types: %(types)s.") % {"types": ", ".join(allowed)},
            code="file_type",
        )
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": max_bytes // (1024 * 1024)},
            code="file_size",
        )
    # A stored file (already checked when it was uploaded) has no new content to check.
    if getattr(upload, "_committed", True) and not hasattr(upload, "content_type"):
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in _SIGNATURES[suffix]):
        raise ValidationError(
            _("The file's content does not match its type (%(type)s).") % {"type": suffix},
            code="file_content",
        )


def validate_evidence(upload) -> None:
    _check(
        upload,
        EVIDENCE_TYPES,
        getattr(settings, "DISSEMINATION_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES),
    )


def validate_picture(upload) -> None:
    _check(
        upload,
        PICTURE_TYPES,
        getattr(settings, "DISSEMINATION_PICTURE_MAX_BYTES", PICTURE_MAX_BYTES),
    )


def evidence_path(instance, filename: str) -> str:
    """A random name: the original name may say things, and must not be guessable."""
    return f"dissemination/evidence/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def picture_path(instance, filename: str) -> str:
    return f"dissemination/stories/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"
