"""Server-side timing for the benchmark, on only when ``SERVER_TIMING=1``.

Every response gets a standard ``Server-Timing`` header::

    Server-Timing: app;dur=12.41, sql;dur=3.05;desc="queries=7"

``app`` is the time spent in Django below this middleware (the view, the middleware after
it, the template), ``sql`` the time and number of SQL queries it ran. The floors are bare
views served by the same gunicorn through the same middleware: ``/bench/floor/`` (no
log-in, no query) and ``/bench/floor/signed-in/`` (the session and user look-ups every
signed-in page pays).
"""

from __future__ import annotations

import re
import time
from contextlib import ExitStack

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

HEADER = "Server-Timing"
_PATTERN = re.compile(
    r"app;dur=(?P<app>[\d.]+)\s*,\s*sql;dur=(?P<sql>[\d.]+);desc=\"queries=(?P<queries>\d+)\""
)


class QueryCounter:
    """An ``execute_wrapper`` that counts queries and the time spent in them."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class ServerTimingMiddleware:
    def __init__(self, get_response):
        if not getattr(settings, "SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        app_ms = (time.perf_counter() - started) * 1000
        response[HEADER] = format_header(app_ms, counter.seconds * 1000, counter.count)
        return response


def format_header(app_ms: float, sql_ms: float, queries: int) -> str:
    return f'app;dur={app_ms:.2f}, sql;dur={sql_ms:.2f};desc="queries={queries}"'


def parse_header(value: str) -> tuple[float, float, int]:
    """(app ms, sql ms, queries) from a Server-Timing header written above."""
    match = _PATTERN.search(value or "")
    if match is None:
        raise ValueError(f"no benchmark timing in Server-Timing: {value!r}")
    return float(match["app"]), float(match["sql"]), int(match["queries"])


@login_not_required
@never_cache
def floor(request):
    """The framework floor: a bare view, nothing read."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def floor_signed_in(request):
    """The signed-in floor: a bare view behind the log-in (session and user look-ups)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


def urlpatterns() -> list:
    """Mounted by tracekei/urls.py only when SERVER_TIMING is on."""
    return [
        path("bench/floor/", floor, name="bench_floor"),
        path("bench/floor/signed-in/", floor_signed_in, name="bench_floor_signed_in"),
    ]
