"""The Redis cache, made optional: with Redis away the portal works without a cache.

Django's RedisCache raises on every call when Redis is down, and every page reads the
cache (the two-factor flag, rate limits, the public pages), so a Redis outage would be
a 500 on every page. Here a connection failure counts as a miss: ``get`` returns the
default, ``add`` says "added" (a rate limit does not count during the outage), ``set``
and ``delete`` do nothing, ``incr`` says "no such key". Short socket timeouts (settings)
keep a dead Redis from slowing a page.

An invalidation lost during the outage (a ``delete`` or ``incr`` of a version key)
would leave a stale entry behind once Redis is back, possibly for good (the two-factor
flag has no expiry). So a process whose write failed deletes every key of this cache
(its ``KEY_PREFIX``; never the broker's keys, which share the Redis server) on its first
call that reaches Redis again. A process restarted during the outage forgets this:
``docs/operations.md`` says to clear the cache after a Redis outage.
"""

from __future__ import annotations

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


# The caches (servers, key prefix) that missed a write, for every instance of this
# process (Django makes one instance per thread).
_missed_writes: set[tuple] = set()


class ResilientRedisCache(RedisCache):
    @property
    def _dirty(self) -> bool:
        return (tuple(self._servers), self.key_prefix) in _missed_writes

    @_dirty.setter
    def _dirty(self, value: bool) -> None:
        marker = (tuple(self._servers), self.key_prefix)
        if value:
            _missed_writes.add(marker)
        else:
            _missed_writes.discard(marker)

    def _call(self, operation, *args, on_failure=None, write=False, **kwargs):
        try:
            if self._dirty:
                self._purge()
            return getattr(super(), operation)(*args, **kwargs)
        except UNREACHABLE as error:
            if write:
                self._dirty = True
            logger.warning("Cache unavailable (%s): %s", operation, error)
            if isinstance(on_failure, BaseException):
                raise on_failure from error
            return on_failure

    def _delete_own_keys(self) -> None:
        """Delete this cache's keys: its ``KEY_PREFIX`` only, never the broker's."""
        if not self.key_prefix:
            raise ImproperlyConfigured(
                "The Redis cache needs a KEY_PREFIX: it shares Redis with the task queue."
            )
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)

    def _purge(self) -> None:
        """After missed writes: this cache's keys go (a lost invalidation stays lost)."""
        self._delete_own_keys()
        logger.warning("Cache cleared after Redis came back (writes were missed)")
        self._dirty = False

    def clear(self):
        """This cache's keys only. Django's ``clear()`` is FLUSHDB, which would also drop
        every task queued in the broker (the same Redis database): invitations, survey
        e-mails, reports."""
        try:
            self._delete_own_keys()
            self._dirty = False
        except UNREACHABLE as error:
            self._dirty = True
            logger.warning("Cache unavailable (clear): %s", error)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version, on_failure=default)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version, on_failure={})

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version, on_failure=False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version, write=True, on_failure=True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version, write=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(
            "set_many",
            data,
            timeout,
            version=version,
            write=True,
            on_failure=list(data),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version, write=True, on_failure=False)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version, write=True, on_failure=False)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version, write=True)

    def incr(self, key, delta=1, version=None):
        return self._call(
            "incr",
            key,
            delta,
            version=version,
            write=True,
            on_failure=ValueError(f"Key '{key}' not found (the cache is unavailable)"),
        )
