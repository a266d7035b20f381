"""Purge the personal parts of survey campaigns closed longer than the retention period
(``SURVEY_PERSONAL_DATA_RETENTION_DAYS``); the daily beat task runs the same service."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tracekei.privacy.services import purge_survey_personal_data, retention_cutoff


class Command(BaseCommand):
    help = "Blank the personal parts of survey campaigns closed before the retention cutoff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        result = purge_survey_personal_data(dry_run=dry_run)
        verb = "Would purge" if dry_run else "Purged"
        self.stdout.write(
            f"{verb} {result.rows} rows in {result.campaigns} campaigns closed before "
            f"{retention_cutoff():%Y-%m-%d} ({settings.SURVEY_PERSONAL_DATA_RETENTION_DAYS} "
            f"days): {result.invitations} invitations, {result.answers} open answers, "
            f"{result.mails} mail errors."
        )
