"""The PDF reports' benchmark (not a test): on the loaded demo data, each measure runs in
a fresh child process, which reports its wall time and its peak resident memory.

  - the final project report: the whole render (gathering + HTML + WeasyPrint);
  - WeasyPrint alone on the same final HTML (the ratio shows what the gathering adds);
  - a 50-page report: the certificates of a held activity with 50 attendees (added in a
    transaction that is rolled back).

Usage: ``python manage.py bench_reports`` (``make bench-reports`` loads the demo data
first). Goals: final report < 10 s and < 500 MB peak RSS; 50 pages < 8 s."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GOALS = {"final": (10.0, 500), "weasyprint": (None, None), "fifty": (8.0, None)}
LABELS = {
    "final": "final project report, full render",
    "weasyprint": "WeasyPrint alone, same final HTML",
    "fifty": "certificates, 50 attendees",
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Command(BaseCommand):
    help = "Benchmark the PDF reports (render time, peak memory) on the demo data."

    def add_arguments(self, parser):
        parser.add_argument("--child", choices=list(GOALS), help=argparse_hidden())
        parser.add_argument("--runs", type=int, default=3, help="runs of each measure")

    def handle(self, *args, child=None, runs=3, **options):
        if child:
            self.stdout.write(json.dumps(getattr(self, f"measure_{child}")()))
            return
        results = {}
        for name in GOALS:
            samples = [self.run_child(name) for _ in range(runs)]
            results[name] = {
                "seconds": sorted(s["seconds"] for s in samples)[len(samples) // 2],
                "cpu": sorted(s["cpu"] for s in samples)[len(samples) // 2],
                "peak_mb": max(s["peak_mb"] for s in samples),
                "start_mb": min(s["start_mb"] for s in samples),
                "pages": samples[0]["pages"],
            }
        self.report(results, runs)

    def run_child(self, name) -> dict:
        done = subprocess.run(  # noqa: S603 - this interpreter, this command
            [sys.executable, sys.argv[0], "bench_reports", "--child", name],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise CommandError(done.stderr[-2000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    def report(self, results, runs) -> None:
        self.stdout.write(f"Median of {runs} runs, each in a fresh process (peak RSS: the max).")
        self.stdout.write(
            f"{'measure':42} {'pages':>5} {'wall s':>7} {'CPU s':>6} {'peak MB':>8} goal (wall)"
        )
        for name, result in results.items():
            seconds_goal, memory_goal = GOALS[name]
            goal = []
            if seconds_goal:
                goal.append(
                    f"< {seconds_goal:g} s {'ok' if result['seconds'] < seconds_goal else 'MISSED'}"
                )
            if memory_goal:
                goal.append(
                    f"< {memory_goal} MB {'ok' if result['peak_mb'] < memory_goal else 'MISSED'}"
                )
            self.stdout.write(
                f"{LABELS[name]:42} {result['pages']:>5} {result['seconds']:>7.2f} "
                f"{result['cpu']:>6.2f} "
                f"{result['peak_mb']:>8.0f} {'; '.join(goal)}"
            )
        ratio = results["final"]["seconds"] / results["weasyprint"]["seconds"]
        cpu_ratio = results["final"]["cpu"] / results["weasyprint"]["cpu"]
        self.stdout.write(
            f"full render / WeasyPrint alone: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU"
        )
        self.stdout.write(
            f"(a child process after Django's start-up: {results['final']['start_mb']:.0f} MB)"
        )

    # --- the children -------------------------------------------------------------------

    def _request(self, report_type, options=None):
        from clusters.models import RoleAssignment
        from tracekei.reports.models import ReportRequest

        coordinator = RoleAssignment.objects.filter(role="coordinator").first()
        if coordinator is None:
            raise CommandError("No demo data: run `manage.py load_demo_data` first.")
        # The row only (no task is queued); rolled back with the measure's transaction.
        return ReportRequest.objects.create(
            project=coordinator.project,
            report_type=report_type,
            requested_by=coordinator.user,
            options=options or {},
        )

    def _timed(self, function) -> dict:
        start_mb = peak_rss_mb()
        begun, cpu = time.perf_counter(), cpu_seconds()
        pages = function()
        return {
            "seconds": time.perf_counter() - begun,
            "cpu": cpu_seconds() - cpu,
            "pages": pages,
            "peak_mb": peak_rss_mb(),
            "start_mb": start_mb,
        }

    def measure_final(self) -> dict:
        from tracekei.reports.render import render_pdf

        with transaction.atomic():
            row = self._request("final-report")
            result = self._timed(lambda: render_pdf(row).pages)
            transaction.set_rollback(True)
        return result

    def measure_weasyprint(self) -> dict:
        import weasyprint
        from django.conf import settings
        from django.utils import translation

        from tracekei.reports.render import report_html

        with transaction.atomic():
            row = self._request("final-report")
            with translation.override(row.language):
                html, _data_as_of = report_html(row)
            transaction.set_rollback(True)

        def render():
            document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).render()
            document.write_pdf()
            return len(document.pages)

        return self._timed(render)

    def measure_fifty(self) -> dict:
        import datetime as dt

        from tracekei.reports.render import render_pdf
        from trainings.models import Activity, Attendance, Participation

        with transaction.atomic():
            activity = Activity.objects.filter(status="held").order_by("pk").first()
            activity.participations.all().delete()
            for number in range(50):
                participation = Participation.objects.create(
                    activity=activity, name=f"Bench attendee {number + 1}", organisation="Bench SME"
                )
                Attendance.objects.create(
                    participation=participation,
                    day=activity.start_date
                    + dt.timedelta(days=number % max(len(activity.days), 1)),
                    hours=6,
                )
            row = self._request("certificates", {"activity": activity.pk})
            result = self._timed(lambda: render_pdf(row).pages)
            transaction.set_rollback(True)
        return result


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS
