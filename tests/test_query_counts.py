"""Every list pins its query count, and the count does not grow with the data.

Each list is loaded for two personas (university-wide and scoped) on a small and on a larger
dataset. The count must be the pinned number both times. When a change adds a query on
purpose, re-record the pin here and say why in the commit.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment
from jobs.models import Job
from mentors.models import Degree, RemunerationRecord, TitleLevel
from mentors.services import appointment_create, recommendation_create, remuneration_record, training_record
from students.models import Award, InsurancePolicy, PositionDemand, PracticeNotice
from tests import factories

from .conftest import Cast

# (url name, persona) -> queries. The user is read on every request; the session, the user's
# permissions and roles, the unread count and the bases' compliance findings come from the cache
# (see base_portal.kept), whose first read after a change costs a fixed number more.
# API lists page by cursor, so they run no count query: the token, the rows.
PINS = {
    ("home", "office"): 5,
    ("home", "baseadmin"): 9,
    ("agreements:base_list", "office"): 4,
    ("agreements:base_list", "baseadmin"): 4,
    ("agreements:base_detail", "office"): 12,
    ("agreements:base_detail", "baseadmin"): 11,
    ("agreements:base_detail", "mentor"): 7,
    ("agreements:agreement_detail", "office"): 6,
    ("agreements:evaluation_list", "office"): 3,
    ("agreements:evaluation_list", "baseadmin"): 3,
    ("agreements:template_list", "office"): 5,
    ("students:student_list", "office"): 6,
    ("students:student_detail", "office"): 8,
    ("students:student_detail", "baseadmin"): 8,
    ("students:demand_list", "office"): 4,
    ("assessments:assessment_list", "office"): 3,
    ("assessments:assessment_list", "baseadmin"): 3,
    ("assessments:month_page", "mentor"): 4,
    ("assessments:ledger", "office"): 5,
    ("assessments:ledger", "baseadmin"): 5,
    ("assessments:overdue_list", "baseadmin"): 3,
    ("assessments:policy_list", "office"): 3,
    ("students:demand_list", "baseadmin"): 4,
    ("students:student_list", "baseadmin"): 6,
    ("mentors:mentor_list", "office"): 4,
    ("mentors:mentor_list", "baseadmin"): 4,
    ("mentors:mentor_detail", "office"): 8,
    ("mentors:mentor_detail", "mentor"): 8,
    ("mentors:recommendation_list", "office"): 5,
    ("mentors:recommendation_list", "baseadmin"): 5,
    ("mentors:remuneration_list", "office"): 5,
    ("mentors:remuneration_list", "baseadmin"): 5,
    ("jobs:job_list", "office"): 3,
    ("jobs:job_list", "baseadmin"): 3,
    ("api:base-list", "office"): 2,
    ("api:base-list", "baseadmin"): 2,
    ("api:student-list", "office"): 2,
    ("api:student-list", "baseadmin"): 2,
    ("api:agreement-list", "office"): 2,
    ("api:agreement-list", "baseadmin"): 2,
    ("api:evaluation-list", "office"): 2,
    ("api:evaluation-list", "baseadmin"): 2,
    ("api:placement-list", "office"): 2,
    ("api:placement-list", "baseadmin"): 2,
    ("api:notice-list", "office"): 2,
    ("api:notice-list", "baseadmin"): 2,
    ("api:mentor-list", "office"): 2,
    ("api:mentor-list", "baseadmin"): 2,
    ("api:appointment-list", "office"): 2,
    ("api:appointment-list", "baseadmin"): 2,
    ("api:assessment-list", "office"): 2,
    ("api:assessment-list", "baseadmin"): 2,
    ("api:payment-list", "office"): 2,
    ("api:payment-list", "baseadmin"): 2,
    ("api:deletion-list", "office"): 2,
    ("api:deletion-list", "baseadmin"): 2,
}


# The limits (docs/performance.md): a page issues at most 12 queries, an API list at most 8.
PAGE_LIMIT = 12
API_LIMIT = 8


def test_every_pinned_count_is_within_the_limits() -> None:
    from tests.oversight.test_dashboards import PINS as DASHBOARD_PINS

    pins = {**PINS, **DASHBOARD_PINS}
    over = {key: n for key, n in pins.items() if n > (API_LIMIT if str(key[0]).startswith("api:") else PAGE_LIMIT)}
    assert over == {}


# Month pages are loaded for a month that has rows.
QUERIES = {
    "assessments:month_page": "?month=2026-04",
    "assessments:ledger": "?month=2026-04",
    "assessments:assessment_list": "?month=2026-04",
}
# Detail pages are loaded for base A's objects.
KWARGS = {
    "agreements:base_detail": lambda c: {"pk": c.base_a.pk},
    "agreements:agreement_detail": lambda c: {"pk": c.agreement_a.pk},
    "mentors:mentor_detail": lambda c: {"pk": c.mentor_a.pk},
    "students:student_detail": lambda c: {"pk": c.student_a.pk},
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
        grow_mentors(cast, i)
        grow_students(cast, i)
        grow_assessments(cast, i)
        if i % 2:
            factories.SupervisorFactory(college=cast.college_mee)
        for persona in ("office", "baseadmin"):
            Job.objects.create(kind=Job.Kind.LEDGER_EXPORT, owner=cast.users[persona], status=Job.Status.SUCCEEDED)


def grow_mentors(cast: Cast, i: int) -> None:
    """More mentors at base A with appointments, training, pay and recommendations."""
    mentor = factories.CooperativeMentorFactory(base=cast.base_a)
    appointment_create(
        mentor=mentor, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2030, 1, 1), letter_number=f"L{mentor.pk}"
    )
    # Earlier terms of mentor A, before the cast's current one: history on the mentor page.
    start = dt.date(1980, 1, 1) + dt.timedelta(days=320 * cast.mentor_a.appointments.count())
    appointment_create(
        mentor=cast.mentor_a, starts_on=start, ends_on=start + dt.timedelta(days=300), letter_number=f"A{mentor.pk}"
    )
    training_record(mentor=cast.mentor_a, held_on=dt.date(2026, 1, 1), topic=f"培训{i}", hours=Decimal("2"))
    remuneration_record(
        mentor=mentor,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        basis=RemunerationRecord.Basis.TIME,
        quantity=Decimal("1"),
        amount=Decimal("100.00"),
    )
    remuneration_record(
        mentor=cast.mentor_a,
        period_start=dt.date(2026, 2, 1) + dt.timedelta(days=i),
        period_end=dt.date(2026, 3, 31),
        basis=RemunerationRecord.Basis.TIME,
        quantity=Decimal("1"),
        amount=Decimal("10.00"),
    )
    recommendation_create(
        base=cast.base_a,
        recommended_by=cast.users["baseadmin"],
        full_name=f"候选{i}",
        title="工程师",
        title_level=TitleLevel.INTERMEDIATE,
        degree=Degree.MASTER,
        years_of_experience=3,
        field="机械",
        cv=SimpleUploadedFile("cv.pdf", b"%PDF", content_type="application/pdf"),
    )


def grow_students(cast: Cast, i: int) -> None:
    """More placements of student A, with their records, and more demands."""
    placement = factories.PlacementFactory(student=cast.student_a, base=cast.base_a, cooperative_mentor=cast.mentor_a)
    InsurancePolicy.objects.create(
        placement=placement,
        insurer="保险",
        policy_number=f"P{i}",
        bought_by="B",
        covers_from=dt.date(2026, 1, 1),
        covers_to=dt.date(2026, 12, 31),
    )
    PracticeNotice.objects.create(
        placement=cast.placement_a,
        kind=PracticeNotice.Kind.EXTEND,
        filed_by="A",
        notice_date=dt.date(2026, 1, 1),
        new_end=dt.date(2026, 12, 1),
        reason="延期",
        filed_by_user=cast.users["office"],
    )
    Award.objects.create(
        placement=cast.placement_a, kind=Award.Kind.AWARD, title=f"奖{i}", awarded_on=dt.date(2026, 1, 1)
    )
    PositionDemand.objects.create(base=cast.base_a, year=2000 + i, title=f"岗位{i}", count=2)


def grow_assessments(cast: Cast, i: int) -> None:
    """More students of mentor A in practice, with confirmed months and payments at base A."""
    placement = factories.PlacementFactory(
        base=cast.base_a,
        cooperative_mentor=cast.mentor_a,
        practice_start=dt.date(2026, 3, 1),
        practice_end=dt.date(2026, 8, 31),
    )
    policy = AllowancePolicy.objects.filter(base=cast.base_a).first()
    for month in (dt.date(2026, 4, 1), dt.date(2026, 5, 1)):
        assessment = MonthlyAssessment.objects.create(
            placement=placement,
            base=cast.base_a,
            month=month,
            attendance_days=20,
            score=80,
            grade="good",
            state=MonthlyAssessment.State.CONFIRMED,
        )
        AllowancePayment.objects.create(
            assessment=assessment,
            placement=placement,
            base=cast.base_a,
            month=month,
            policy=policy,
            days_in_practice=30,
            amount=Decimal("1500.00"),
        )
    AllowancePolicy.objects.create(
        base=cast.base_a,
        degree_level="doctoral",
        effective_from=dt.date(2000, 1, 1)
        + dt.timedelta(days=AllowancePolicy.objects.filter(base=cast.base_a, degree_level="doctoral").count()),
        base_amount=Decimal("2000.00"),
        failed_amount=Decimal("0.00"),
    )


def count(client: Client, url: str) -> int:
    """The queries of a request once the user's kept values (access, unread count, findings) are in the cache."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url_name", "persona"), sorted(PINS))
def test_query_count_is_pinned_and_flat(cast: Cast, url_name: str, persona: str) -> None:
    client = Client()
    client.force_login(cast.users[persona])
    url = reverse(url_name, kwargs=KWARGS[url_name](cast) if url_name in KWARGS else None) + QUERIES.get(url_name, "")
    # A few rows, then five times as many: a query per row would show as a difference.
    grow(cast, 2)
    small = count(client, url)
    grow(cast, 8)
    large = count(client, url)
    assert (small, large) == (PINS[url_name, persona], PINS[url_name, persona])
