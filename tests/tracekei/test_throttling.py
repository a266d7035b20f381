"""The API limits how fast one user may call it (DRF throttles, counted in the cache)."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import UserRateThrottle


@pytest.mark.django_db
def test_a_user_calling_too_fast_gets_429(client_for, manager_a, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    cache.delete(f"throttle_user_{manager_a.pk}")
    client = client_for(manager_a)
    statuses = [client.get("/api/clusters/").status_code for _ in range(4)]
    cache.delete(f"throttle_user_{manager_a.pk}")
    assert statuses == [200, 200, 200, 429]
