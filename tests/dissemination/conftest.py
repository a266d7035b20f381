import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_public_cache():
    """Cached public pages must not leak from one test's database into the next."""
    cache.clear()
    yield
    cache.clear()
