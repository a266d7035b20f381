"""Keeps the personal links' tokens out of the logs.

Django logs the path of every 4xx/5xx (``django.request``) and the development server
every request line (``django.server``); a path under ``/s/<token>/`` would write a
token that opens someone's questionnaire. The filter rewrites such records before any
handler sees them; ``SurveysConfig.ready`` attaches it to both loggers."""

from __future__ import annotations

import logging
import re

TOKEN_IN_PATH = re.compile(r"/s/[^/\s?\"']+")
REDACTED = "/s/[token]"
LOGGERS = ("django.request", "django.server")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(REDACTED, text)


class TokenFilter(logging.Filter):
    """Replaces ``/s/<token>`` in a record's message (its arguments merged in first)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/s/" in message:
            record.msg = redact(message)
            record.args = ()
        request = getattr(record, "request", None)
        if request is not None and "/s/" in str(getattr(request, "path", "")):
            # Handlers that print the request (AdminEmailHandler) get a path-less stand-in.
            record.request = None
        return True


def install() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, TokenFilter) for existing in logger.filters):
            logger.addFilter(TokenFilter())
