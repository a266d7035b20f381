"""The task outbox and the optional cache, in-process (tests/faults has the real stack).

"A dead broker" here is a real connection to a loopback port where nothing listens:
refused at once, as a stopped Redis is."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from clusters import services as cluster_services
from clusters.models import Invitation
from tests.faults.conftest import free_port
from tracekei import outbox
from tracekei.cache import ResilientRedisCache
from tracekei.outbox.models import OutboxMessage


@pytest.fixture
def dead_broker():
    from tracekei.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    app.conf.task_always_eager = False
    app._pool, app.amqp._producer_pool = None, None
    yield
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._pool, app.amqp._producer_pool = None, None


def _invite(coordinator, cluster, email="kept@member.example"):
    return cluster_services.invitation_send(actor=coordinator, cluster=cluster, email=email)


@pytest.mark.django_db
def test_a_published_task_leaves_no_row(
    coordinator, cluster_a, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitation = _invite(coordinator, cluster_a)
    row = OutboxMessage.objects.get()  # written in the invitation's transaction
    assert (row.task, row.args) == ("clusters.tasks.send_invitation", [invitation.pk])
    callbacks[0]()  # the commit: published (here: run in-process), then deleted
    assert not OutboxMessage.objects.exists()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_dead_broker_keeps_the_task_and_raises_nothing(
    coordinator, cluster_a, dead_broker, django_capture_on_commit_callbacks
):
    outbox.reset_context()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = _invite(coordinator, cluster_a)
    row = OutboxMessage.objects.get()
    assert (row.args, row.attempts) == ([invitation.pk], 1)
    assert "OperationalError" in row.last_error and row.last_attempt_at is not None
    assert outbox.failed_in_this_context()
    assert Invitation.objects.get(pk=invitation.pk).sent_at is None


@pytest.mark.django_db
def test_republish_waits_for_the_broker_and_stops_at_the_first_refusal(
    coordinator, cluster_a, dead_broker
):
    old = timezone.now() - outbox.GRACE - dt.timedelta(seconds=5)
    first = OutboxMessage.objects.create(task="clusters.tasks.send_invitation", args=[1])
    second = OutboxMessage.objects.create(task="clusters.tasks.send_invitation", args=[2])
    OutboxMessage.objects.update(created_at=old)
    assert outbox.republish() == 0
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (1, 0)  # the second was not even tried


@pytest.mark.django_db
def test_republish_sends_once_and_leaves_fresh_rows_to_their_request(
    coordinator, cluster_a, eager_tasks
):
    invitation = _invite(coordinator, cluster_a)  # (the test never commits: not published)
    OutboxMessage.objects.all().delete()
    failed = OutboxMessage.objects.create(
        task="clusters.tasks.send_invitation", args=[invitation.pk], attempts=1
    )
    fresh = OutboxMessage.objects.create(task="clusters.tasks.send_invitation", args=[0])
    out = io.StringIO()
    call_command("republish_outbox", stdout=out)
    assert "Published 1 task(s); 1 left" in out.getvalue()
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not OutboxMessage.objects.filter(pk=failed.pk).exists()
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and len(mail.outbox) == 1
    # Published again (the row's delete had failed): the task finds it sent.
    OutboxMessage.objects.create(
        task="clusters.tasks.send_invitation", args=[invitation.pk], attempts=1
    )
    assert outbox.republish() == 1
    assert len(mail.outbox) == 1


def _cache(location, prefix):
    return ResilientRedisCache(
        location, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1}}
    )


def test_a_dead_redis_is_a_cache_miss():
    cache = _cache(f"redis://127.0.0.1:{free_port()}/0", "tracekei")
    assert cache.get("key", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", 1) is True  # a rate limit does not count during the outage
    assert cache.set("key", 1) is None
    assert cache.delete("key") is False
    assert cache.get_or_set("key", "computed") == "computed"
    with pytest.raises(ValueError):
        cache.incr("key")
