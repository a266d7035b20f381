"""The measurements behind ``make bench``, run against a live gunicorn on loopback.

Every figure comes with a floor measured in the same run, and the ratio between them,
because absolute times on a shared machine drift. See docs/benchmarks.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import http.cookiejar
import json
import math
import os
import platform
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from . import pages as bench_pages
from .timing import HEADER, parse_header

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


# --- The table ---------------------------------------------------------------


@dataclasses.dataclass
class Row:
    figure: str
    value: float | str | None
    floor: float | None = None
    goal: str = ""
    unit: str = ""

    @property
    def ratio(self) -> float | None:
        if not isinstance(self.value, int | float) or not self.floor:
            return None
        return self.value / self.floor

    def as_dict(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "ratio": self.ratio}


def _number(value: float | str | None, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit == "queries" or (float(value).is_integer() and abs(value) >= 100):
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


def _ratio(ratio: float | None) -> str:
    if ratio is None:
        return "-"
    return f"{ratio:.1f}x" if ratio >= 1 else f"{ratio:.2f}x"


def format_table(rows: list[Row]) -> str:
    """A fixed-width text table: figure, value, floor, ratio, goal."""
    header = ("figure", "value", "floor", "ratio", "goal")
    cells = [header] + [
        (
            row.figure + (f" ({row.unit})" if row.unit else ""),
            _number(row.value, row.unit),
            _number(row.floor, row.unit),
            _ratio(row.ratio),
            row.goal,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = []
    for n, line in enumerate(cells):
        figure, *numbers, goal = line
        text = figure.ljust(widths[0])
        text += "".join(
            "  " + cell.rjust(width) for cell, width in zip(numbers, widths[1:4], strict=True)
        )
        lines.append((text + "  " + goal).rstrip())
        if n == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def format_markdown(rows: list[Row]) -> str:
    lines = ["| figure | value | floor | ratio | goal |", "|---|---:|---:|---:|---|"]
    for row in rows:
        ratio = _ratio(row.ratio)
        figure = row.figure + (f" ({row.unit})" if row.unit else "")
        value, floor = _number(row.value, row.unit), _number(row.floor, row.unit)
        lines.append(f"| {figure} | {value} | {floor} | {ratio} | {row.goal} |")
    return "\n".join(lines)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p50 of [1, 2, 3, 4] is 2)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


# --- HTTP --------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A tiny HTTP client with a cookie jar, for loopback only."""

    def __init__(self, base_url: str) -> None:
        host = urllib.parse.urlsplit(base_url).hostname or ""
        if host not in LOOPBACK:
            raise ValueError(f"the benchmark only talks to loopback, not {host!r}")
        self.base_url = base_url.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - loopback http, checked above
            self.base_url + path, data=body, headers=headers or {}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=300) as response:
                content = response.read()
                status, response_headers = response.status, response.headers
        except urllib.error.HTTPError as error:
            content, status, response_headers = error.read(), error.code, error.headers
        wall_ms = (time.perf_counter() - started) * 1000
        return status, response_headers, content, wall_ms

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def log_in(self, email: str, password: str) -> None:
        self.request("/accounts/login/")
        status, _headers, _content, _ms = self.request(
            "/accounts/login/",
            {"login": email, "password": password, "csrfmiddlewaretoken": self.cookie("csrftoken")},
            {"Referer": self.base_url + "/accounts/login/"},
        )
        if status != 302 or not self.cookie("sessionid"):
            raise RuntimeError(f"could not log in as {email} (HTTP {status})")


def measure(client: Client, path: str, repeat: int) -> dict[str, Any]:
    """One warm-up request, then ``repeat`` timed ones: server time and query count."""
    client.request(path)
    app, sql, queries, wall, statuses = [], [], [], [], set()
    for _ in range(repeat):
        status, headers, _content, wall_ms = client.request(path)
        statuses.add(status)
        app_ms, sql_ms, count = parse_header(headers.get(HEADER, ""))
        app.append(app_ms)
        sql.append(sql_ms)
        queries.append(count)
        wall.append(wall_ms)
    return {
        "path": path,
        "status": sorted(statuses),
        "p50_ms": percentile(app, 50),
        "p95_ms": percentile(app, 95),
        "sql_p50_ms": percentile(sql, 50),
        "wall_p50_ms": percentile(wall, 50),
        "queries": max(queries),
        "queries_min": min(queries),
        "samples": repeat,
    }


# --- The database floor ------------------------------------------------------


def database_floor(statements: list[str], params: dict, repeat: int) -> dict[str, float]:
    """The bare SQL for a figure, on a raw psycopg2 cursor: p50 and p95 in ms."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection  # psycopg2's own connection: no Django in the way
    times = []
    with raw.cursor() as cursor:
        for n in range(repeat + 1):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            if n:  # the first run warms the cache
                times.append((time.perf_counter() - started) * 1000)
    raw.rollback()
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}


# --- HTTP load (wrk) ---------------------------------------------------------

_WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format(
    '\\nBENCH {"requests": %d, "seconds": %f, "errors": %d, "non2xx": %d, '
    .. '"p50_ms": %f, "p95_ms": %f, "p99_ms": %f}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def run_wrk(url: str, *, seconds: int, connections: int, headers: dict | None = None):
    """``wrk`` for a fixed time at a fixed concurrency; stops by itself."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"load tests target loopback only, not {host!r}")
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"error": "wrk is not installed (bash scripts/install-system-deps.sh)"}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_REPORT)
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    command += ["-s", script.name]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    try:
        result = subprocess.run(  # noqa: S603 - fixed arguments, loopback URL
            [*command, url], capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    finally:
        os.unlink(script.name)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            report = json.loads(line[len("BENCH ") :])
            report["rps"] = report["requests"] / report["seconds"] if report["seconds"] else 0
            return report
    return {"error": (result.stderr or result.stdout).strip()[:300]}


# --- The machine -------------------------------------------------------------


def machine() -> dict[str, Any]:
    from django.db import connection

    cpu = ""
    with open("/proc/cpuinfo") as cpuinfo:  # Linux; the bench runs on the CI machines
        for line in cpuinfo:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory_gb = 0.0
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT 1")
        database = f"{connection.vendor} {cursor.fetchone()[0]}"
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "database": database,
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


# --- Reports -----------------------------------------------------------------


def write_report(report: dict[str, Any], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out_dir / f"{stamp}-{report['size']}.json"
    text = json.dumps(report, indent=2, default=str)
    path.write_text(text)
    (out_dir / "latest.json").write_text(text)
    (out_dir / f"latest-{report['size']}.json").write_text(text)
    return path


def curve_rows(reports: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """How each page's p50 and query count grow with the data, size by size."""
    header = ["figure", *(report["size"] for report in reports), "growth"]
    lines = []
    members = [report["dataset"]["rows"].get("clusters_member", 0) for report in reports]
    lines.append(["members (data)", *(f"{m:,}" for m in members), _growth(members)])
    keys = [key for key in reports[0]["pages"] if all(key in r["pages"] for r in reports)]
    for key in keys:
        entries = [report["pages"][key] for report in reports]
        if any("p50_ms" not in entry for entry in entries):
            continue
        p50 = [entry["p50_ms"] for entry in entries]
        queries = [entry["queries"] for entry in entries]
        lines.append([f"{key}: p50 ms", *(f"{v:.1f}" for v in p50), _growth(p50)])
        role = key.rsplit("[", 1)[-1].rstrip("]")
        floors = [r.get("floors", {}).get(f"signed_in_{role}", {}).get("p50_ms") for r in reports]
        if all(floors):
            ratios = [value / floor for value, floor in zip(p50, floors, strict=True)]
            lines.append([f"{key}: p50 / floor", *(f"{v:.1f}x" for v in ratios), _growth(ratios)])
        lines.append([f"{key}: queries", *(str(q) for q in queries), _growth(queries)])
    return header, lines


def _growth(values: list[float]) -> str:
    return f"{values[-1] / values[0]:.1f}x" if values and values[0] else "-"


def format_curve(reports: list[dict[str, Any]]) -> str:
    header, lines = curve_rows(reports)
    cells = [header, *lines]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    return "\n".join(
        line[0].ljust(widths[0])
        + "".join("  " + c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True))
        for line in cells
    )


def page_key(page: bench_pages.Page, role: str) -> str:
    return f"{page.label} [{role}]"
