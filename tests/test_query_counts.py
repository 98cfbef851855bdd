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

# (url name, persona) -> queries. User, permission and unread-notice lookups are included; the session
# is read from the cache (cached_db), so it costs no query.
# API lists page by cursor, so they run no count query: user, two permission look-ups, rows.
PINS = {
    ("home", "office"): 9,
    # A base admin's home checks their bases' compliance: 13 for the page and 17 for the eleven duties.
    ("home", "baseadmin"): 30,
    ("agreements:base_list", "office"): 8,
    ("agreements:base_list", "baseadmin"): 8,
    ("agreements:base_detail", "office"): 18,
    ("agreements:base_detail", "baseadmin"): 17,
    ("agreements:base_detail", "mentor"): 12,
    ("agreements:agreement_detail", "office"): 10,
    ("agreements:evaluation_list", "office"): 7,
    ("agreements:evaluation_list", "baseadmin"): 7,
    ("agreements:template_list", "office"): 9,
    ("students:student_list", "office"): 10,
    ("students:student_detail", "office"): 12,
    ("students:student_detail", "baseadmin"): 12,
    ("students:demand_list", "office"): 8,
    ("assessments:assessment_list", "office"): 7,
    ("assessments:assessment_list", "baseadmin"): 7,
    ("assessments:month_page", "mentor"): 8,
    ("assessments:ledger", "office"): 9,
    ("assessments:ledger", "baseadmin"): 9,
    ("assessments:overdue_list", "baseadmin"): 7,
    ("assessments:policy_list", "office"): 7,
    ("students:demand_list", "baseadmin"): 8,
    ("students:student_list", "baseadmin"): 10,
    ("mentors:mentor_list", "office"): 8,
    ("mentors:mentor_list", "baseadmin"): 8,
    ("mentors:mentor_detail", "office"): 12,
    ("mentors:mentor_detail", "mentor"): 12,
    ("mentors:recommendation_list", "office"): 9,
    ("mentors:recommendation_list", "baseadmin"): 9,
    ("mentors:remuneration_list", "office"): 9,
    ("mentors:remuneration_list", "baseadmin"): 9,
    ("jobs:job_list", "office"): 7,
    ("jobs:job_list", "baseadmin"): 7,
    ("api:base-list", "office"): 4,
    ("api:base-list", "baseadmin"): 4,
    ("api:student-list", "office"): 4,
    ("api:student-list", "baseadmin"): 4,
    ("api:agreement-list", "office"): 4,
    ("api:agreement-list", "baseadmin"): 4,
    ("api:evaluation-list", "office"): 4,
    ("api:evaluation-list", "baseadmin"): 4,
    ("api:placement-list", "office"): 4,
    ("api:placement-list", "baseadmin"): 4,
    ("api:notice-list", "office"): 4,
    ("api:notice-list", "baseadmin"): 4,
    ("api:mentor-list", "office"): 4,
    ("api:mentor-list", "baseadmin"): 4,
    ("api:appointment-list", "office"): 4,
    ("api:appointment-list", "baseadmin"): 4,
    ("api:assessment-list", "office"): 4,
    ("api:assessment-list", "baseadmin"): 4,
    ("api:payment-list", "office"): 4,
    ("api:payment-list", "baseadmin"): 4,
    ("api:deletion-list", "office"): 4,
    ("api:deletion-list", "baseadmin"): 4,
}


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
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(("url_name", "persona"), sorted(PINS))
def test_query_count_is_pinned_and_flat(cast: Cast, url_name: str, persona: str) -> None:
    client = Client()
    client.force_login(cast.users[persona])
    url = reverse(url_name, kwargs=KWARGS[url_name](cast) if url_name in KWARGS else None) + QUERIES.get(url_name, "")
    grow(cast, 5)
    small = count(client, url)
    grow(cast, 30)
    large = count(client, url)
    assert (small, large) == (PINS[url_name, persona], PINS[url_name, persona])
