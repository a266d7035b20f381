"""Checking an uploaded file's content against its name: a file called ``.pdf`` must start
like a PDF. The apps check the extension and the size (a setting each) and call
``check_content`` for the content; files are stored under random names and served only
through views that check access (never from MEDIA_URL)."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ZIP = (b"PK\x03\x04",)  # office documents (docx, xlsx, pptx, odt, odp) are ZIP containers

# Extension -> the first bytes a file of that type starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".odp": _ZIP,
    ".ods": _ZIP,
    ".zip": _ZIP,
}


def suffix_of(upload) -> str:
    return PurePath(upload.name or "").suffix.lower()


def content_matches(upload, suffix: str) -> bool:
    """Does the file start the way a file of this type does? A type without a known
    signature is refused: add it to SIGNATURES before allowing it anywhere."""
    signatures = SIGNATURES.get(suffix)
    if not signatures:
        return False
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    return any(head.startswith(signature) for signature in signatures)


def check_content(upload, *, field: str | None = None) -> None:
    suffix = suffix_of(upload)
    if not content_matches(upload, suffix):
        message = _("The file's content does not match its type (%(type)s).") % {"type": suffix}
        raise ValidationError({field: message} if field else message, code="file_content")
