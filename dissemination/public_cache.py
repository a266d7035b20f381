"""The public site's page cache: one version number in the cache, part of every key;
whenever what is public may have changed, the services bump it and every cached public
page is forgotten at once."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "dissemination:public:version"


def clear() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): any new value differs from the old keys
        cache.set(VERSION_KEY, 2, timeout=None)


def key_for(request) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"dissemination:public:{version}:{get_language()}:{path}"
