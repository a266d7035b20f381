"""Who is acting right now: the signed-in user of the request (set by the middleware)
or the user a task, a command or the demo loader names with ``acting_as``. Nobody
named: the system."""

from __future__ import annotations

import contextlib
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Acting:
    request: Any = None  # the request: its user is read when an entry is written (lazy)
    user: Any = None
    request_id: str = ""
    ip: str | None = None

    def actor(self):
        if self.request is not None:
            user = getattr(self.request, "user", None)
            return user if user is not None and user.is_authenticated else None
        return self.user


_NOBODY = Acting()
_current: ContextVar[Acting | None] = ContextVar("tracekei_audit_acting", default=None)


def current() -> Acting:
    return _current.get() or _NOBODY


@contextlib.contextmanager
def acting_as(user, *, request_id: str = ""):
    """Entries written inside the block name ``user`` (None: the system)."""
    token = _current.set(Acting(user=user, request_id=request_id or uuid.uuid4().hex[:12]))
    try:
        yield
    finally:
        _current.reset(token)


@contextlib.contextmanager
def for_request(request):
    token = _current.set(
        Acting(
            request=request,
            request_id=request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex[:12],
            ip=request.META.get("REMOTE_ADDR") or None,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)
