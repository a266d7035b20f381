"""Measure a running portal (started by scripts/bench.sh) and write the report.

    manage.py bench_run --base-url http://127.0.0.1:8105 [--repeat 10] [--load-seconds 10]

The server must run with SERVER_TIMING=1 on loopback, on the database this command sees.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from tracekei.bench import harness, runner


class Command(BaseCommand):
    help = "Measure a running portal on loopback and write var/bench/<time>-<size>.json."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8105")
        parser.add_argument("--repeat", type=int, default=10, help="timed requests per page")
        parser.add_argument("--heavy-repeat", type=int, default=3, help="... per export")
        parser.add_argument("--load-seconds", type=int, default=10, help="wrk time per target")
        parser.add_argument("--concurrency", type=int, default=8, help="wrk connections")
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "bench"))

    def handle(self, *args, base_url, repeat, heavy_repeat, load_seconds, concurrency, out, **o):
        report = runner.run(
            base_url,
            repeat=repeat,
            heavy_repeat=heavy_repeat,
            load_seconds=load_seconds,
            concurrency=concurrency,
            log=self.stdout.write,
        )
        path = harness.write_report(report, Path(out))
        machine = report["machine"]
        self.stdout.write(
            f"\nTRACE-KEI benchmark, size {report['size']} (seed {report['seed']}), "
            f"{machine['cpus']} CPUs {machine['cpu']}, {machine['memory_gb']} GB, "
            f"{machine['database']}, load average {machine['load_average'][0]:.2f}\n"
        )
        self.stdout.write(report["table"])
        for note in report["notes"]:
            self.stdout.write(self.style.WARNING(f"note: {note}"))
        self.stdout.write(f"\nWritten {path} ({report['seconds']:.0f} s of measuring).")
