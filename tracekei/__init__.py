"""The TRACE-KEI portal's project package: settings, URLs, the Celery app and the
cross-cutting layers (access, health)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
