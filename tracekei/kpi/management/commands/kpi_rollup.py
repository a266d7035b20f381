"""Compute every indicator now, in this process (for cron or after loading data)."""

from django.core.management.base import BaseCommand, CommandError

from clusters.models import Project
from tracekei.kpi.models import RollupRun
from tracekei.kpi.services import rollup_run


class Command(BaseCommand):
    help = "Compute every indicator of a project (or of every project) into today's snapshots."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="the project's acronym (default: every project)")

    def handle(self, *args, **options):
        projects = Project.objects.all()
        if options["project"]:
            projects = projects.filter(acronym=options["project"])
            if not projects.exists():
                raise CommandError(f"No project {options['project']!r}.")
        for project in projects:
            run = RollupRun.objects.create(project=project)
            run = rollup_run(run_id=run.pk)
            self.stdout.write(
                f"{project.acronym}: {run.indicators_done} indicators in "
                f"{run.duration.total_seconds():.2f} s"
            )
