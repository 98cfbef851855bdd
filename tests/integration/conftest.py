import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    """Token ids repeat from test to test, so one test's requests must not count against the next."""
    cache.clear()
