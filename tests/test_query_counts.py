"""Every list pins its query count, and the count does not grow with the data.

Each list is loaded for two personas (university-wide and scoped) on a small and on a larger
dataset. The count must be the pinned number both times. When a change adds a query on
purpose, re-record the pin here and say why in the commit.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

from .conftest import Cast

# (url name, persona) -> queries. Session and user lookups are included.
PINS = {
    ("home", "office"): 9,
    ("home", "baseadmin"): 9,
    ("agreements:base_list", "office"): 7,
    ("agreements:base_list", "baseadmin"): 7,
    ("students:student_list", "office"): 9,
    ("students:student_list", "baseadmin"): 9,
    ("mentors:mentor_list", "office"): 7,
    ("mentors:mentor_list", "baseadmin"): 7,
    ("api:base-list", "office"): 6,
    ("api:base-list", "baseadmin"): 6,
    ("api:student-list", "office"): 6,
    ("api:student-list", "baseadmin"): 6,
}


def grow(cast: Cast, n: int) -> None:
    """Add ``n`` placements at base A and ``n`` at new bases, with their students and mentors."""
    for i in range(n):
        factories.PlacementFactory(base=cast.base_a, student__college=cast.college_mee)
        placement = factories.PlacementFactory(student__college=cast.college_cs)
        factories.AgreementFactory(base=placement.base)
        if i % 2:
            factories.SupervisorFactory(college=cast.college_mee)


def count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url_name", "persona"), sorted(PINS))
def test_query_count_is_pinned_and_flat(cast: Cast, url_name: str, persona: str) -> None:
    client = Client()
    client.force_login(cast.users[persona])
    url = reverse(url_name)
    grow(cast, 5)
    small = count(client, url)
    grow(cast, 30)
    large = count(client, url)
    assert (small, large) == (PINS[url_name, persona], PINS[url_name, persona])
