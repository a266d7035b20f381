"""Celery beat: publish what the outbox kept while the broker was away (every minute)."""

from celery import shared_task


@shared_task(name="outbox.republish")
def republish() -> int:
    from tracekei import outbox

    return outbox.republish()
