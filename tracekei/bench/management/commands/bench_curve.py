"""Print the scaling curve from the latest reports of several sizes.

manage.py bench_curve demo 10x 100x
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracekei.bench import harness


class Command(BaseCommand):
    help = "Print how page time and query counts grow from one dataset size to the next."

    def add_arguments(self, parser):
        parser.add_argument("sizes", nargs="+")
        parser.add_argument("--out", default=str(Path(settings.VAR_DIR) / "bench"))

    def handle(self, *args, sizes, out, **options):
        reports = []
        for size in sizes:
            path = Path(out) / f"latest-{size}.json"
            if not path.exists():
                raise CommandError(f"no report for size {size} ({path}): run make bench first")
            reports.append(json.loads(path.read_text()))
        curve = harness.format_curve(reports)
        self.stdout.write(curve)
        (Path(out) / "curve.txt").write_text(curve + "\n")
