"""Every API list pins its query count, and the count does not grow with the page size.

Each collection is read as the office's token and as base A's admin's token, once with 2 rows per
page and once with 50, over the shared cast grown with more of everything. Both reads must make
the pinned number of queries. When a change adds a query on purpose, re-record the pin here.
"""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.access import access_of
from accounts.models import User
from agreements.models import TrainingBase
from agreements.services import base_grant_admin
from students.models import PracticeNotice
from tests import test_query_counts
from tests.conftest import Cast

from .support import COLLECTIONS, token_client, url

# (collection, persona) -> queries per page: the token and its account, then the page itself (the
# account's permissions are kept in the cache, see accounts.access). Recording the token's use is
# not counted: the client reads once before counting, and the time of use is written at most once
# a minute.
PINS = {
    ("bases", "office"): 2,
    ("bases", "baseadmin"): 2,
    ("agreements", "office"): 2,
    ("agreements", "baseadmin"): 2,
    ("evaluations", "office"): 2,
    ("evaluations", "baseadmin"): 2,
    ("students", "office"): 2,
    ("students", "baseadmin"): 2,
    ("placements", "office"): 2,
    ("placements", "baseadmin"): 2,
    ("notices", "office"): 2,
    ("notices", "baseadmin"): 2,
    ("mentors", "office"): 2,
    ("mentors", "baseadmin"): 2,
    ("appointments", "office"): 2,
    ("appointments", "baseadmin"): 2,
    ("assessments", "office"): 2,
    ("assessments", "baseadmin"): 2,
    ("allowance-payments", "office"): 2,
    ("allowance-payments", "baseadmin"): 2,
    ("deletions", "office"): 2,
    ("deletions", "baseadmin"): 2,
}
SMALL, LARGE = 2, 50


def grow(cast: Cast) -> None:
    """More of everything, and base A's admin made admin of every new base, so both see many rows."""
    test_query_counts.grow(cast, 3)
    new_bases = TrainingBase.objects.exclude(pk__in=[cast.base_a.pk, cast.base_b.pk])
    new_bases.update(enterprise=cast.enterprise_a)  # an admin manages only bases of their own enterprise
    for base in new_bases:
        base_grant_admin(base=base, user=cast.users["baseadmin"])
    # Deletions at base A: three of the notices grow() filed on placement A, six more stay.
    for notice in PracticeNotice.objects.filter(placement=cast.placement_a, reason="延期")[:3]:
        notice.delete()
    for _ in range(3):
        test_query_counts.grow_students(cast, 0)


def page(client: Client, collection: str, size: int) -> tuple[int, int]:
    """(queries, rows) for one page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(collection, page_size=size))
    assert response.status_code == 200, response.content
    return len(queries.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("persona", ["office", "baseadmin"])
def test_list_query_counts_are_pinned_and_flat(cast: Cast, persona: str) -> None:
    grow(cast)
    client = token_client(cast.users[persona])
    client.get(url("bases"))  # the token's first use is recorded; later reads within the minute are not
    counts: dict[str, Any] = {}
    for collection in COLLECTIONS:
        (small, small_rows), (large, large_rows) = page(client, collection, SMALL), page(client, collection, LARGE)
        assert (small_rows, large_rows > SMALL) == (SMALL, True), collection
        counts[collection] = (small, large)
    assert counts == {collection: (PINS[collection, persona],) * 2 for collection in COLLECTIONS}


def test_a_tokens_first_use_in_a_minute_costs_one_write(cast: Cast) -> None:
    client = token_client(cast.users["office"])
    access_of(User.objects.get(pk=cast.users["office"].pk))  # the account's permissions, kept already
    first, _rows = page(client, "bases", SMALL)
    again, _rows = page(client, "bases", SMALL)
    assert (first, again) == (PINS["bases", "office"] + 1, PINS["bases", "office"])
