"""Publish the tasks kept in the outbox while the broker was away (beat does it every
minute; this is for an operator who does not want to wait, or runs no beat)."""

from django.core.management.base import BaseCommand

from tracekei import outbox


class Command(BaseCommand):
    help = "Publish the tasks the outbox kept while the task queue (Redis) was unavailable."

    def handle(self, *args, **options):
        published = outbox.republish()
        left = outbox.pending_count()
        self.stdout.write(f"Published {published} task(s); {left} left in the outbox.")
