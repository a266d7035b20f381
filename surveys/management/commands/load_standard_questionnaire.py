"""Install the questionnaires the portal ships as data in a project (idempotent): the
TRACE-KEI SME satisfaction questionnaire and the training feedback questionnaire.

manage.py load_standard_questionnaire [--project TRACE-KEI]
"""

from django.core.management.base import BaseCommand, CommandError

from clusters.models import Project
from surveys import standard, training_feedback


class Command(BaseCommand):
    help = (
        "Install the standard SME satisfaction and training feedback questionnaires "
        "(once per project)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", help="the project's acronym (default: every project)")

    def handle(self, *args, project=None, **options):
        projects = Project.objects.order_by("pk")
        if project:
            projects = projects.filter(acronym=project)
            if not projects.exists():
                raise CommandError(f"No project with the acronym {project!r}.")
        for each in projects:
            for shipped in (standard, training_feedback):
                questionnaire = shipped.install(each)
                self.stdout.write(
                    f"{each.acronym}: {shipped.KEY} version {questionnaire.version} is installed."
                )
