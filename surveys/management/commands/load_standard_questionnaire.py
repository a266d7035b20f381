"""Install the TRACE-KEI SME satisfaction questionnaire in a project (idempotent).

manage.py load_standard_questionnaire [--project TRACE-KEI]
"""

from django.core.management.base import BaseCommand, CommandError

from clusters.models import Project
from surveys import standard


class Command(BaseCommand):
    help = "Install the standard SME satisfaction questionnaire (once per project)."

    def add_arguments(self, parser):
        parser.add_argument("--project", help="the project's acronym (default: every project)")

    def handle(self, *args, project=None, **options):
        projects = Project.objects.order_by("pk")
        if project:
            projects = projects.filter(acronym=project)
            if not projects.exists():
                raise CommandError(f"No project with the acronym {project!r}.")
        for each in projects:
            questionnaire = standard.install(each)
            self.stdout.write(
                f"{each.acronym}: {standard.KEY} version {questionnaire.version} is installed."
            )
