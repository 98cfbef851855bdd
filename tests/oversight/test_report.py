"""The biennial evaluation report: its period, its figures, who may download it, and what it costs."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from agreements.models import Agreement, EvaluationCycle, ExchangeActivity, InnovationActivity
from agreements.services import (
    briefing_record,
    exchange_record,
    fund_record,
    funded_project_add,
    innovation_activity_record,
)
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment
from mentors.services import appointment_create, training_record
from oversight.compliance import duties_of_base
from oversight.report import evaluation_period, evaluation_report
from students.models import Placement, Student
from tests import factories
from tests.conftest import Cast

D = dt.date
TODAY = D(2026, 11, 30)


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    user = cast.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    return no_space("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages))


def report_url(cycle: EvaluationCycle) -> str:
    return reverse("agreements:evaluation_report", args=[cycle.pk])


# --- the period ----------------------------------------------------------------------------------


def _cycle(effective_from: dt.date | None, due_on: dt.date) -> EvaluationCycle:
    return EvaluationCycle(agreement=Agreement(effective_from=effective_from), due_on=due_on)


@pytest.mark.parametrize(
    ("effective_from", "due_on", "expected_start"),
    [
        (D(2026, 3, 1), D(2028, 3, 1), D(2026, 3, 1)),  # the first cycle: exactly two years
        (D(2024, 3, 1), D(2028, 3, 1), D(2026, 3, 1)),  # a later cycle: the last two years only
        (D(2027, 1, 15), D(2028, 3, 1), D(2027, 1, 15)),  # never before the agreement came into force
        (D(2020, 1, 1), D(2028, 2, 29), D(2026, 2, 28)),  # 29 February two years back is the 28th
        (None, D(2028, 3, 1), D(2026, 3, 1)),
    ],
)
def test_the_period_is_the_two_years_ending_on_the_due_date(
    effective_from: dt.date | None, due_on: dt.date, expected_start: dt.date
) -> None:
    assert evaluation_period(_cycle(effective_from, due_on)) == (expected_start, due_on)


# --- a base with known figures --------------------------------------------------------------------


@dataclass
class World:
    doctoral: Placement
    early: Placement


def _assess(
    placement: Placement,
    month: dt.date,
    grade: str,
    score: int,
    *,
    amount: str | None = None,
    days: int | None = None,
    reason: str = "",
    state: str = MonthlyAssessment.State.CONFIRMED,
) -> MonthlyAssessment:
    assessment = MonthlyAssessment.objects.create(
        placement=placement,
        base=placement.base,
        month=month,
        attendance_days=20,
        score=score,
        grade=grade,
        state=state,
    )
    if amount is not None:
        AllowancePayment.objects.create(
            assessment=assessment,
            placement=placement,
            base=placement.base,
            month=month,
            policy=AllowancePolicy.objects.filter(base=placement.base).first(),
            days_in_practice=days,
            amount=Decimal(amount),
            reduction_reason=reason,
        )
    return assessment


@pytest.fixture
def world(cast: Cast) -> World:
    """Base A over the cycle 2026-03-01 – 2028-03-01, on top of the cast's student 陈同学 (April: good, 85, 1500.00)."""
    base = cast.base_a
    doctoral = factories.PlacementFactory(
        student=factories.StudentFactory(
            student_no="TS26D0002", full_name="王博士", degree_level=Student.DegreeLevel.DOCTORAL
        ),
        base=base,
        cooperative_mentor=cast.mentor_a,
        stage=Placement.Stage.THESIS,
        practice_start=D(2026, 9, 1),
        practice_end=D(2027, 6, 30),
    )
    factories.PlacementFactory(
        student=factories.StudentFactory(student_no="TS26C0003", full_name="赵同学"),
        base=base,
        cooperative_mentor=cast.mentor_a,
        stage=Placement.Stage.COURSEWORK,
    )
    # Defended before the period began: not one of the cycle's students.
    early = factories.PlacementFactory(
        student=factories.StudentFactory(student_no="TS24E0004", full_name="钱同学"),
        base=base,
        cooperative_mentor=cast.mentor_a,
        stage=Placement.Stage.THESIS,
        practice_start=D(2024, 9, 1),
        practice_end=D(2025, 6, 30),
        defence_on=D(2026, 1, 10),
    )

    a = cast.placement_a
    _assess(a, D(2026, 5, 1), "excellent", 95, amount="1500.00", days=31)
    _assess(a, D(2026, 6, 1), "pass", 70, amount="900.00", days=30, reason="按考核结果减发")  # a full month below 1000
    _assess(a, D(2026, 7, 1), "good", 80, amount="1500.00", days=31)
    _assess(a, D(2026, 8, 1), "excellent", 100, state=MonthlyAssessment.State.DRAFT)  # not confirmed: left out
    _assess(a, D(2026, 2, 1), "excellent", 99, amount="1500.00", days=28)  # before the period: left out
    _assess(doctoral, D(2026, 10, 1), "fail", 50, amount="1800.00", days=31)  # a full month below 2000
    _assess(doctoral, D(2026, 11, 1), "good", 78, amount="1000.00", days=15)  # a part month: not held against the floor

    # The cast's appointment of 刘工 (2025-09-01 – 2035-08-31) overlaps; this one ended before the period.
    earlier = factories.CooperativeMentorFactory(full_name="周工", base=base)
    appointment_create(mentor=earlier, starts_on=D(2023, 9, 1), ends_on=D(2025, 8, 31), letter_number="聘-旧")
    training_record(mentor=cast.mentor_a, held_on=D(2026, 5, 10), topic="实践指导方法培训", hours=Decimal("6.5"))
    training_record(mentor=cast.mentor_a, held_on=D(2027, 10, 12), topic="安全生产培训", hours=Decimal("3.0"))
    training_record(mentor=cast.mentor_a, held_on=D(2025, 10, 12), topic="往年培训", hours=Decimal("4.0"))

    briefing_record(base=base, held_on=D(2026, 6, 15), summary="年度通报：基地运行情况良好")
    briefing_record(base=base, held_on=D(2025, 6, 15), summary="上一周期的通报")
    exchange_record(
        base=base,
        held_on=D(2026, 7, 20),
        title="智能制造学术讲座",
        kind=ExchangeActivity.Kind.LECTURE,
        participant_count=45,
    )
    innovation_activity_record(
        base=base,
        held_on=D(2027, 4, 1),
        title="挑战杯竞赛",
        kind=InnovationActivity.Kind.DISCIPLINE_COMPETITION,
        result="省级二等奖",
    )
    fund = fund_record(base=base, year=2026, amount=Decimal("50000.00"))
    funded_project_add(fund=fund, title="智能巡检机器人", leader="李研究员", amount=Decimal("20000.00"))
    fund_record(base=base, year=2025, amount=Decimal("30000.00"))  # a year before the period
    fund_record(base=cast.base_b, year=2026, amount=Decimal("77777.00"))  # another base
    # Recorded at the start of the period, whatever day the tests run.
    Placement.objects.filter(base=base).update(created_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    return World(doctoral=doctoral, early=early)


def test_the_report_gathers_the_cycle_figures(cast: Cast, world: World) -> None:
    report = evaluation_report(cast.cycle_a, TODAY)

    assert (report.period_start, report.period_end) == (D(2026, 3, 1), D(2028, 3, 1))
    names = [placement.student.full_name for placement in report.placements]
    assert sorted(names) == sorted(["陈同学", "王博士", "赵同学"])
    assert report.student_count == 3
    assert {tally.key: tally.count for tally in report.stages} == {"coursework": 1, "practice": 1, "thesis": 1}

    assert report.assessment_count == 6
    assert {tally.key: tally.count for tally in report.grades} == {"excellent": 1, "good": 3, "pass": 1, "fail": 1}
    assert report.average_score == Decimal("76.3")  # (85 + 95 + 70 + 80 + 50 + 78) / 6

    by_level = {row.degree_level: row for row in report.allowance}
    assert (by_level["master"].payments, by_level["master"].total, by_level["master"].below_floor) == (
        4,
        Decimal("5400.00"),
        1,
    )
    assert (by_level["doctoral"].payments, by_level["doctoral"].total, by_level["doctoral"].below_floor) == (
        2,
        Decimal("2800.00"),
        1,
    )
    assert (report.allowance_payments, report.allowance_total) == (6, Decimal("8200.00"))
    assert [(p.student_no, p.month, p.amount) for p in report.below_floor] == [
        ("TS26A0001", D(2026, 6, 1), Decimal("900.00")),
        ("TS26D0002", D(2026, 10, 1), Decimal("1800.00")),
    ]

    assert [appointment.mentor.full_name for appointment in report.appointments] == ["刘工"]
    assert [training.topic for training in report.trainings] == ["实践指导方法培训", "安全生产培训"]
    assert report.training_hours == Decimal("9.5")

    assert [briefing.summary for briefing in report.briefings] == ["年度通报：基地运行情况良好"]
    assert [exchange.title for exchange in report.exchanges] == ["智能制造学术讲座"]
    assert [activity.title for activity in report.innovation_activities] == ["挑战杯竞赛"]

    assert [(fund.year, fund.amount) for fund in report.funds] == [(2026, Decimal("50000.00"))]
    assert (report.fund_total, report.funded_projects) == (Decimal("50000.00"), 1)

    assert [str(result.duty.title) for result in report.duties] == [
        str(result.duty.title) for result in duties_of_base(cast.base_a, TODAY)
    ]


@pytest.mark.parametrize("persona", ["office", "baseadmin"])
def test_the_office_and_the_base_admin_download_the_report_with_its_figures(
    cast: Cast, world: World, persona: str
) -> None:
    response = client_for(cast, persona).get(report_url(cast.cycle_a))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="evaluation-report-')
    text = pdf_text(response.content)
    for expected in (
        "甲企业基地",
        "甲企业",
        "2026-03-01",
        "2028-03-01",
        # Students and their practice dates.
        "陈同学",
        "TS26A0001",
        "2026-08-31",
        "王博士",
        "TS26D0002",
        "2027-06-30",
        "赵同学",
        # Assessments: the average score.
        "76.3",
        # Allowance: by degree level, overall, and the full months below the floor.
        "5400.00",
        "2800.00",
        "8200.00",
        "900.00",
        "1800.00",
        "按考核结果减发",
        # Mentors.
        "刘工",
        f"聘-{cast.mentor_a.pk}",
        "实践指导方法培训",
        "安全生产培训",
        "9.5",
        # Activities.
        "年度通报：基地运行情况良好",
        "智能制造学术讲座",
        "45",
        "挑战杯竞赛",
        "省级二等奖",
        # The fund.
        "50000.00",
        "智能巡检机器人",
        "李研究员",
        "20000.00",
    ):
        assert expected in text, (expected, text)
    for result in duties_of_base(cast.base_a, TODAY):
        assert no_space(str(result.duty.title)) in text


def test_records_outside_the_period_or_the_base_stay_out_of_the_report(
    cast: Cast, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The compliance findings may name any student of the base; only the period's sections are checked here.
    monkeypatch.setattr("oversight.report.duties_of_base", lambda base, today: [])
    text = pdf_text(client_for(cast, "office").get(report_url(cast.cycle_a)).content)
    assert "王博士" in text
    for left_out in ("钱同学", "TS24E0004", "周工", "聘-旧", "往年培训", "上一周期的通报", "30000.00", "77777.00"):
        assert left_out not in text, (left_out, text)


def test_the_evaluation_page_links_to_the_report_for_those_who_may_download_it(cast: Cast) -> None:
    detail = reverse("agreements:evaluation_detail", args=[cast.cycle_a.pk])
    link = report_url(cast.cycle_a)
    for persona in ("office", "baseadmin"):
        assert link in client_for(cast, persona).get(detail).content.decode()
    response = client_for(cast, "api_client").get(detail)
    assert response.status_code == 200
    assert link not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("baseadmin2", 404),  # base B's admin does not see base A's evaluation
        ("api_client", 403),  # sees every evaluation but neither evaluates nor supplies materials
        ("mentor", 404),
        ("student", 404),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_others_cannot_download_the_report(cast: Cast, persona: str, status: int) -> None:
    assert client_for(cast, persona).get(report_url(cast.cycle_a)).status_code == status


def test_base_b_admin_downloads_base_b_report_only(cast: Cast) -> None:
    client = client_for(cast, "baseadmin2")
    assert client.get(report_url(cast.cycle_b)).status_code == 200
    assert client.get(report_url(cast.cycle_a)).status_code == 404


# --- cost -----------------------------------------------------------------------------------------


def _add_placements(cast: Cast, count: int) -> None:
    for _ in range(count):
        placement = factories.PlacementFactory(
            base=cast.base_a, cooperative_mentor=cast.mentor_a, practice_start=D(2026, 3, 1)
        )
        _assess(placement, D(2026, 4, 1), "good", 80, amount="1500.00", days=30)


def _queries(cast: Cast) -> int:
    cycle = EvaluationCycle.objects.get(pk=cast.cycle_a.pk)
    with CaptureQueriesContext(connection) as queries:
        evaluation_report(cycle, TODAY)
    return len(queries)


def test_the_report_makes_the_same_number_of_queries_for_2_and_10_students(cast: Cast, world: World) -> None:
    Placement.objects.filter(base=cast.base_a).exclude(pk=cast.placement_a.pk).update(base=cast.base_b)
    _add_placements(cast, 1)
    assert len(evaluation_report(cast.cycle_a, TODAY).placements) == 2
    with_two = _queries(cast)

    _add_placements(cast, 8)
    assert len(evaluation_report(cast.cycle_a, TODAY).placements) == 10
    assert _queries(cast) == with_two
