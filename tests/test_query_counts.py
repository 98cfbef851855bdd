"""Every list pins its query count, and the count does not grow with the data.

Each list is loaded for two personas (university-wide and scoped) on a small and on a larger
dataset. The count must be the pinned number both times. When a change adds a query on
purpose, re-record the pin here and say why in the commit.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import CommitteeMember, ExchangeActivity, InnovationActivity, Party
from agreements.services import (
    briefing_record,
    committee_member_add,
    evaluation_schedule,
    exchange_record,
    fund_record,
    funded_project_add,
    innovation_activity_record,
)
from tests import factories

from .conftest import Cast

# (url name, persona) -> queries. Session and user lookups are included.
PINS = {
    ("home", "office"): 9,
    ("home", "baseadmin"): 9,
    ("agreements:base_list", "office"): 8,
    ("agreements:base_list", "baseadmin"): 8,
    ("agreements:base_detail", "office"): 18,
    ("agreements:base_detail", "baseadmin"): 17,
    ("agreements:base_detail", "mentor"): 12,
    ("agreements:agreement_detail", "office"): 10,
    ("agreements:evaluation_list", "office"): 7,
    ("agreements:evaluation_list", "baseadmin"): 7,
    ("agreements:template_list", "office"): 9,
    ("students:student_list", "office"): 9,
    ("students:student_list", "baseadmin"): 9,
    ("mentors:mentor_list", "office"): 7,
    ("mentors:mentor_list", "baseadmin"): 7,
    ("api:base-list", "office"): 6,
    ("api:base-list", "baseadmin"): 6,
    ("api:student-list", "office"): 6,
    ("api:student-list", "baseadmin"): 6,
}


# Detail pages are loaded for base A's objects.
KWARGS = {
    "agreements:base_detail": lambda c: {"pk": c.base_a.pk},
    "agreements:agreement_detail": lambda c: {"pk": c.agreement_a.pk},
}


def grow(cast: Cast, n: int) -> None:
    """Add ``n`` of everything: placements, bases with agreements and evaluations, base A's records."""
    for i in range(n):
        factories.PlacementFactory(base=cast.base_a, student__college=cast.college_mee)
        placement = factories.PlacementFactory(student__college=cast.college_cs)
        evaluation_schedule(agreement=factories.AgreementFactory(base=placement.base))
        exchange_record(
            base=cast.base_a, held_on=dt.date(2026, 1, 1), title=f"讲座{i}", kind=ExchangeActivity.Kind.LECTURE
        )
        fund = fund_record(base=cast.base_a, year=2000 + cast.base_a.funds.count(), amount=Decimal("100.00"))
        funded_project_add(fund=fund, title=f"项目{i}", leader="负责人", amount=Decimal("10.00"))
        committee_member_add(
            base=cast.base_a,
            party=Party.B,
            category=CommitteeMember.Category.TECHNICAL_BACKBONE,
            full_name=f"委员{i}",
            term_start=dt.date(2026, 1, 1),
        )
        innovation_activity_record(
            base=cast.base_a, held_on=dt.date(2026, 1, 1), title=f"竞赛{i}", kind=InnovationActivity.Kind.INNOVATION
        )
        briefing_record(base=cast.base_a, held_on=dt.date(2026, 1, 1), summary="通报")
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
    url = reverse(url_name, kwargs=KWARGS[url_name](cast) if url_name in KWARGS else None)
    grow(cast, 5)
    small = count(client, url)
    grow(cast, 30)
    large = count(client, url)
    assert (small, large) == (PINS[url_name, persona], PINS[url_name, persona])
