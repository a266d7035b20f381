"""The optional cache on a private Redis that stops and starts again (tracekei/cache.py)."""

import shutil

import pytest

from tests.faults.conftest import PrivateRedis
from tracekei.cache import ResilientRedisCache

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server (CI)"),
]


def _cache(redis, prefix):
    return ResilientRedisCache(
        redis.url, {"KEY_PREFIX": prefix, "OPTIONS": {"socket_connect_timeout": 1}}
    )


def test_a_write_missed_during_the_outage_clears_the_cache_when_redis_is_back(tmp_path):
    redis = PrivateRedis(tmp_path, persistent=True)
    redis.start()
    try:
        # Two instances of one process (Django makes one per thread), another cache.
        reader, writer, other = (
            _cache(redis, "tracekei"),
            _cache(redis, "tracekei"),
            _cache(redis, "another"),
        )
        reader.set("flag", "stale")
        other.set("flag", "kept")
        redis.stop()
        assert reader.get("flag", "default") == "default"  # a miss, not an error
        writer.delete("flag")  # the invalidation is lost
        redis.start()  # with what it held when it stopped
        assert reader.get("flag") is None  # the first call back cleared this cache
        assert other.get("flag") == "kept"  # not another prefix (nor the broker's keys)
        reader.set("flag", "fresh")
        assert writer.get("flag") == "fresh"  # cleared once, not on every call
    finally:
        redis.stop()


def test_clear_keeps_the_task_queue_that_shares_the_redis_database(tmp_path):
    """Django's RedisCache.clear() is FLUSHDB; the Celery broker uses the same database
    (its queue is the list named like the queue, ``tracekei``): an operator clearing the
    cache after an outage must not drop the queued tasks."""
    import redis as redis_client

    redis = PrivateRedis(tmp_path)
    redis.start()
    try:
        cache = _cache(redis, "tracekei")
        broker = redis_client.Redis.from_url(redis.url)
        broker.lpush("tracekei", "a queued task")  # what kombu keeps for the queue
        cache.set("flag", "cached")
        cache.clear()
        assert cache.get("flag") is None
        assert broker.lrange("tracekei", 0, -1) == [b"a queued task"]
    finally:
        redis.stop()
