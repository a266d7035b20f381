"""Queue a Celery task so that a broker (Redis) outage loses nothing and duplicates nothing.

Every place that queues work calls ``enqueue(task, *args)`` inside the transaction of
the change that needs the work (a report request, an invitation, a rollup run, the
survey e-mails). Design, a transactional outbox:

1. ``enqueue`` writes an ``OutboxMessage`` row (task name, arguments as JSON) in that
   same transaction: the work is recorded exactly when the change is, or not at all.
2. After the commit it publishes the task with a short, bounded attempt (one retry, no
   back-off, ``CELERY_BROKER_CONNECTION_TIMEOUT``): a dead broker fails in well under a
   second instead of hanging the page. Accepted by the broker: the row is deleted.
   Refused: the row stays, with ``attempts`` and ``last_error``, and the request goes on
   normally (``OutboxNoticeMiddleware`` tells the user the work will run when the task
   queue is back).
3. ``republish()`` (Celery beat every minute, ``manage.py republish_outbox`` by hand)
   publishes the rows still there and deletes each one the broker accepted. Rows are
   claimed with ``select_for_update(skip_locked=True)``, so two re-publishers never send
   the same row; a row with no failed attempt is left alone for ``GRACE`` seconds, so
   the re-publisher does not race the request that is publishing it right now (after
   that, the process that wrote it has died: it is published by the re-publisher).

Nothing lost: a row exists from the commit until the broker has the message. Nothing
duplicated: a row is deleted once published; the one remaining window (the broker took
the message but the delete failed) sends a message twice, and every task queued this way
is idempotent (it claims its row under a lock and skips work already done: an invitation
with ``sent_at``, a round with ``notified_at``, a report ``done``, a rollup ``done``, a
survey ``Mail`` no longer ``queued``), so it still gives one result.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

#: A row nobody has tried to publish yet belongs to its request for this long.
GRACE = dt.timedelta(seconds=60)
#: At most one quick retry (a pooled connection the broker closed is re-opened).
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.1}

# Set when a publication failed while handling the current request (or task).
_failed = contextvars.ContextVar("outbox_failed", default=False)


def _app():
    from tracekei.celery import app

    return app


def _try(message) -> bool:
    """Publish one row; delete it if the broker took it, record the failure if not."""
    from .models import OutboxMessage

    app = _app()
    task = app.tasks.get(message.task)
    if app.conf.task_always_eager and task is not None:
        # No broker (a laptop, some tests): the task runs here and now, and its errors
        # are the caller's, as with ``task.delay`` (they are not a broker outage).
        OutboxMessage.objects.filter(pk=message.pk).delete()
        task.apply(args=message.args, throw=app.conf.task_eager_propagates)
        return True
    try:
        app.send_task(message.task, args=message.args, retry=True, retry_policy=PUBLISH_RETRY)
    except Exception as error:  # the broker's errors vary by transport: all mean "not now"
        _failed.set(True)
        logger.warning("Task %s kept in the outbox: %s", message.task, error)
        OutboxMessage.objects.filter(pk=message.pk).update(
            attempts=message.attempts + 1,
            last_error=f"{type(error).__name__}: {error}"[:1000],
            last_attempt_at=timezone.now(),
        )
        return False
    OutboxMessage.objects.filter(pk=message.pk).delete()
    return True


def enqueue(task, *args) -> None:
    """Record ``task(*args)`` in this transaction; publish it after the commit."""
    from .models import OutboxMessage

    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _try(message))


def publish_now(task, *args) -> bool:
    """Record ``task(*args)`` and publish it at once: for a task that queues further
    tasks (no change of its own to wait for). False: it waits in the outbox."""
    from .models import OutboxMessage

    return _try(OutboxMessage.objects.create(task=task.name, args=list(args)))


def republish(*, now=None, limit: int = 500) -> int:
    """Publish the outbox's rows (oldest first). Returns how many the broker took."""
    from django.db.models import Q

    from .models import OutboxMessage

    now = now or timezone.now()
    published = 0
    with transaction.atomic():
        rows = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(Q(attempts__gt=0) | Q(created_at__lt=now - GRACE))
            .order_by("pk")[:limit]
        )
        for row in rows:
            if not _try(row):
                break  # the broker is still away: the rest wait for the next run
            published += 1
    return published


def waiting_args(task_name: str) -> list[list]:
    """The arguments of the ``task_name`` messages still waiting in the outbox (the
    broker has not taken them yet: their work is not lost, only late)."""
    from .models import OutboxMessage

    return list(OutboxMessage.objects.filter(task=task_name).values_list("args", flat=True))


def pending_count() -> int:
    from .models import OutboxMessage

    return OutboxMessage.objects.count()


def failed_in_this_context() -> bool:
    return _failed.get()


def reset_context() -> contextvars.Token:
    return _failed.set(False)
