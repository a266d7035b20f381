"""Generate a seeded benchmark dataset (every app's ``dataset.py``) into an empty database.

    manage.py generate_dataset --size demo|10x|100x|programme [--seed 1] [--replace]

It refuses to touch a database that holds other data unless ``--replace`` is given
(which empties it first: ``make bench`` uses its own database, ``tracekei_bench``), and
does nothing when the same size and seed are already loaded.
"""

import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracekei.bench.dataset import SIZES, dataset_modules, generate, size_named
from tracekei.bench.models import LoadedDataset


class Command(BaseCommand):
    help = "Generate a seeded benchmark dataset (sizes: " + ", ".join(SIZES) + ")."

    def add_arguments(self, parser):
        parser.add_argument("--size", default="demo", choices=sorted(SIZES))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--clusters", type=int, help="override the preset's cluster count")
        parser.add_argument("--members-per-cluster", type=int, help="override the preset")
        parser.add_argument(
            "--replace", action="store_true", help="empty the database first if it holds data"
        )

    def handle(self, *args, size, seed, clusters, members_per_cluster, replace, **options):
        wanted = size_named(size, clusters=clusters, members_per_cluster=members_per_cluster)
        # An app that adds its generator later makes the loaded dataset out of date.
        parameters = {**wanted.as_dict(), "apps": [m.__name__ for m in dataset_modules()]}
        loaded = LoadedDataset.objects.first()
        if (
            loaded is not None
            and loaded.size == wanted.name
            and loaded.seed == seed
            and loaded.parameters == parameters
        ):
            self.stdout.write(f"Dataset {wanted.name} (seed {seed}) is already loaded.")
            return
        if loaded is not None or get_user_model().objects.exists():
            if not replace:
                raise CommandError(
                    "This database already holds data. Generate into an empty database "
                    "(make bench uses tracekei_bench) or pass --replace to empty it first."
                )
            self.stdout.write("Emptying the database ...")
            call_command("flush", interactive=False, verbosity=0)

        self.stdout.write(f"Generating {wanted.name} (seed {seed}) ...")
        started = time.perf_counter()
        builder = generate(wanted, seed=seed, log=self.stdout.write)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")  # fresh statistics, or the planner guesses
        seconds = round(time.perf_counter() - started, 1)
        LoadedDataset.objects.create(
            size=wanted.name,
            seed=seed,
            parameters=parameters,
            rows=builder.rows,
            seconds=seconds,
        )
        total = sum(builder.rows.values())
        self.stdout.write(self.style.SUCCESS(f"{total:,} rows in {seconds:.1f} s."))
        for table, count in sorted(builder.rows.items()):
            self.stdout.write(f"  {table:40} {count:>10,}")
