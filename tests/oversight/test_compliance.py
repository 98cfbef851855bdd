"""The agreement's duties: each green at its boundary and red or amber just past it, and set-based.

Every test looks at one fixed day, ``TODAY``, 2026-06-15. The ``world`` fixture puts right what the
shared ``cast`` leaves undone (insurance, March and May assessments, mentor training, yearly
briefing and exchange), so base A starts green on every duty and each test breaks one thing.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Agreement, EvaluationCycle, ExchangeActivity, Party, TrainingBase
from agreements.services import briefing_record, exchange_record
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment
from base_portal import rules
from mentors.models import Appointment, MentorTraining
from mentors.services import appointment_create, training_record
from oversight.compliance import (
    DUTIES,
    Finding,
    Level,
    agreement_expiry,
    allowance_paid,
    duties_of_base,
    evaluation_on_time,
    findings_by_base,
    mentor_appointments,
    monthly_assessments,
    notice_periods,
    positions_offered,
    practice_length,
    practice_safety,
    thesis_confidentiality,
    yearly_activity,
)
from students.models import (
    ConfidentialityConfirmation,
    InsurancePolicy,
    Placement,
    PositionDemand,
    PracticeNotice,
    SafetyAgreement,
)
from students.services.stages import insurance_record
from tests import factories
from tests.conftest import Cast

TODAY = dt.date(2026, 6, 15)
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)

pytestmark = pytest.mark.django_db


def _confirmed(placement: Placement, month: dt.date) -> MonthlyAssessment:
    return MonthlyAssessment.objects.create(
        placement=placement,
        base=placement.base,
        month=month,
        attendance_days=20,
        score=80,
        grade="good",
        state=MonthlyAssessment.State.CONFIRMED,
    )


def _insure(placement: Placement, covers_from: dt.date, covers_to: dt.date, party: str = Party.B) -> InsurancePolicy:
    return InsurancePolicy.objects.create(
        placement=placement,
        insurer="平安",
        policy_number=f"P-{placement.pk}-{covers_from:%Y%m%d}-{party}",
        bought_by=party,
        covers_from=covers_from,
        covers_to=covers_to,
    )


def _put_right(base: TrainingBase, placement: Placement) -> None:
    """What the cast leaves undone at a base, done: every duty green on TODAY."""
    insurance_record(
        placement=placement,
        insurer="平安",
        policy_number=f"P-{placement.pk}",
        bought_by=Party.B,
        covers_from=dt.date(2026, 3, 1),
        covers_to=dt.date(2026, 8, 31),
    )
    for month in (dt.date(2026, 3, 1), dt.date(2026, 5, 1)):
        _confirmed(placement, month)
    assert placement.cooperative_mentor is not None
    mentor = placement.cooperative_mentor
    training_record(mentor=mentor, held_on=dt.date(2026, 2, 1), topic="导师培训", hours=Decimal("4"))
    briefing_record(base=base, held_on=dt.date(2026, 3, 10), summary="年度通报")
    exchange_record(base=base, held_on=dt.date(2026, 4, 10), title="讲座", kind=ExchangeActivity.Kind.LECTURE)


@pytest.fixture
def world(cast: Cast) -> Cast:
    _put_right(cast.base_a, cast.placement_a)
    _put_right(cast.base_b, cast.placement_b)
    return cast


def _a(world: Cast, check: object) -> list[Finding]:
    """Findings of a duty at base A on TODAY."""
    bases = TrainingBase.objects.filter(pk__in=[world.base_a.pk, world.base_b.pk])
    return check(bases, TODAY).get(world.base_a.pk, [])  # type: ignore[operator, no-any-return]


def _levels(findings: list[Finding]) -> list[str]:
    return [finding.level for finding in findings]


def _student_url(world: Cast) -> str:
    return reverse("students:student_detail", args=[world.student_a.pk])


# --- the whole picture -------------------------------------------------------------------------


def test_world_is_green_on_every_duty(world: Cast) -> None:
    results = duties_of_base(world.base_a, TODAY)
    assert {result.duty.key: result.findings for result in results} == {duty.key: [] for duty in DUTIES}
    assert all(result.level == Level.GREEN for result in results)
    assert findings_by_base(TrainingBase.objects.all(), TODAY) == {}


def test_duties_of_base_returns_eleven_results_in_order(cast: Cast) -> None:
    results = duties_of_base(cast.base_a, TODAY)
    assert len(results) == 11
    assert [result.duty.key for result in results] == [
        "positions",
        "allowance",
        "safety",
        "practice_length",
        "confidentiality",
        "notices",
        "assessments",
        "mentors",
        "evaluation",
        "expiry",
        "activity",
    ]
    assert [result.duty for result in results] == list(DUTIES)
    # The bare cast has no insurance, no March assessment, no training and no briefing.
    levels = {result.duty.key: result.level for result in results}
    assert levels["safety"] == Level.RED
    assert levels["assessments"] == Level.RED
    assert levels["mentors"] == Level.AMBER
    assert levels["activity"] == Level.AMBER
    assert levels["positions"] == Level.GREEN


def test_findings_of_one_base_stay_at_that_base(world: Cast) -> None:
    SafetyAgreement.objects.filter(placement=world.placement_b).delete()
    findings = findings_by_base(TrainingBase.objects.all(), TODAY)
    assert list(findings) == [world.base_b.pk]
    assert [finding.duty for finding in findings[world.base_b.pk]] == ["safety"]


# --- 1. positions ------------------------------------------------------------------------------


def test_positions_exactly_the_minimum_is_green(world: Cast) -> None:
    PositionDemand.objects.filter(pk=world.demand_a.pk).update(count=world.agreement_a.min_students_per_year)
    assert _a(world, positions_offered) == []


def test_positions_one_short_is_amber_and_none_red(world: Cast) -> None:
    PositionDemand.objects.filter(pk=world.demand_a.pk).update(count=world.agreement_a.min_students_per_year - 1)
    assert _levels(_a(world, positions_offered)) == [Level.AMBER]
    PositionDemand.objects.filter(pk=world.demand_a.pk).update(year=2025)
    findings = _a(world, positions_offered)
    assert _levels(findings) == [Level.RED]
    assert findings[0].url == reverse("students:demand_list") + f"?base={world.base_a.pk}"


# --- 2. allowance ------------------------------------------------------------------------------


def _payment(world: Cast, amount: str, *, days: int = 31, reason: str = "") -> AllowancePayment:
    assessment = _confirmed(world.placement_a, dt.date(2026, 7, 1))
    return AllowancePayment.objects.create(
        assessment=assessment,
        placement=world.placement_a,
        base=world.base_a,
        month=assessment.month,
        policy=AllowancePolicy.objects.get(base=world.base_a),
        days_in_practice=days,
        amount=Decimal(amount),
        reduction_reason=reason,
    )


def test_allowance_policy_exactly_at_the_floor_is_green(world: Cast) -> None:
    AllowancePolicy.objects.create(
        base=world.base_a,
        degree_level="master",
        effective_from=dt.date(2026, 6, 1),
        base_amount=rules.ALLOWANCE_FLOOR_MASTER,
        failed_amount=Decimal("500.00"),
    )
    assert _a(world, allowance_paid) == []


def test_allowance_policy_below_a_raised_floor_is_red(world: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    # The database refuses a policy below today's floor, so the floor is raised over the 1500 policy.
    monkeypatch.setattr(rules, "ALLOWANCE_FLOOR_MASTER", Decimal("1500.01"))
    AllowancePayment.objects.filter(pk=world.payment_a.pk).update(reduction_reason="按旧标准发放")
    findings = _a(world, allowance_paid)
    assert _levels(findings) == [Level.RED]
    assert "1500.00" in findings[0].message
    assert findings[0].url == reverse("assessments:policy_create")
    # A newer policy at the floor, in force today, puts it right; one from tomorrow does not.
    newer = AllowancePolicy.objects.create(
        base=world.base_a,
        degree_level="master",
        effective_from=TOMORROW,
        base_amount=Decimal("1600.00"),
        failed_amount=Decimal("500.00"),
    )
    assert _levels(_a(world, allowance_paid)) == [Level.RED]
    AllowancePolicy.objects.filter(pk=newer.pk).update(effective_from=TODAY)
    assert _a(world, allowance_paid) == []


def test_allowance_full_month_paid_exactly_the_floor_is_green(world: Cast) -> None:
    _payment(world, "1000.00")
    assert _a(world, allowance_paid) == []


def test_allowance_full_month_paid_below_the_floor_is_red(world: Cast) -> None:
    payment = _payment(world, "999.99")
    findings = _a(world, allowance_paid)
    assert _levels(findings) == [Level.RED]
    assert world.student_a.full_name in findings[0].message
    assert "2026-07" in findings[0].message
    assert findings[0].url == reverse("assessments:assessment_detail", args=[payment.assessment_id])


def test_allowance_payment_older_than_twelve_months_no_longer_counts(world: Cast) -> None:
    payment = _payment(world, "999.99")
    AllowancePayment.objects.filter(pk=payment.pk).update(month=dt.date(2025, 5, 1))
    assert _a(world, allowance_paid) == []
    AllowancePayment.objects.filter(pk=payment.pk).update(month=dt.date(2025, 6, 1), days_in_practice=30)
    assert _levels(_a(world, allowance_paid)) == [Level.RED]


def test_allowance_part_month_or_recorded_reduction_is_green(world: Cast) -> None:
    payment = _payment(world, "999.99", days=30)  # July has 31 days
    assert _a(world, allowance_paid) == []
    AllowancePayment.objects.filter(pk=payment.pk).update(days_in_practice=31, reduction_reason="Assessment failed")
    assert _a(world, allowance_paid) == []


# --- 3. safety ---------------------------------------------------------------------------------


def test_safety_insurance_ending_today_is_green(world: Cast) -> None:
    InsurancePolicy.objects.filter(placement=world.placement_a).update(covers_to=TODAY)
    assert _a(world, practice_safety) == []


def test_safety_insurance_ending_yesterday_is_red(world: Cast) -> None:
    InsurancePolicy.objects.filter(placement=world.placement_a).update(covers_to=YESTERDAY)
    findings = _a(world, practice_safety)
    assert _levels(findings) == [Level.RED]
    assert world.student_a.full_name in findings[0].message
    assert findings[0].url == _student_url(world)


def test_safety_insurance_from_tomorrow_or_bought_by_the_wrong_party_is_red(world: Cast) -> None:
    InsurancePolicy.objects.filter(placement=world.placement_a).update(covers_from=TOMORROW, covers_to=TOMORROW)
    assert _levels(_a(world, practice_safety)) == [Level.RED]
    _insure(world.placement_a, dt.date(2026, 3, 1), dt.date(2026, 8, 31), party=Party.A)
    assert _levels(_a(world, practice_safety)) == [Level.RED]  # the agreement names Party B
    Agreement.objects.filter(pk=world.agreement_a.pk).update(insurance_party=Party.A)
    assert _a(world, practice_safety) == []


def test_safety_without_safety_agreement_is_red(world: Cast) -> None:
    SafetyAgreement.objects.filter(placement=world.placement_a).delete()
    with translation.override("en"):  # the message is in the user's language; read it in English
        findings = _a(world, practice_safety)
    assert _levels(findings) == [Level.RED]
    assert "safety agreement" in findings[0].message


def test_safety_agreement_signed_after_the_start_is_red(world: Cast) -> None:
    SafetyAgreement.objects.filter(placement=world.placement_a).update(supervisor_signed_on=dt.date(2026, 3, 2))
    assert _levels(_a(world, practice_safety)) == [Level.RED]
    SafetyAgreement.objects.filter(placement=world.placement_a).update(supervisor_signed_on=dt.date(2026, 3, 1))
    assert _a(world, practice_safety) == []


def test_safety_ignores_practice_ended_yesterday(world: Cast) -> None:
    SafetyAgreement.objects.filter(placement=world.placement_a).delete()
    Placement.objects.filter(pk=world.placement_a.pk).update(practice_end=YESTERDAY)
    assert _a(world, practice_safety) == []
    Placement.objects.filter(pk=world.placement_a.pk).update(practice_end=TODAY)
    assert _levels(_a(world, practice_safety)) == [Level.RED]


# --- 4. practice length ------------------------------------------------------------------------


def _practice(world: Cast, **dates: object) -> None:
    Placement.objects.filter(pk=world.placement_a.pk).update(**dates)


def test_practice_of_exactly_six_and_twelve_months_is_green(world: Cast) -> None:
    _practice(world, practice_end=dt.date(2026, 8, 31))  # 2026-03-01 .. 2026-08-31: six months
    assert _a(world, practice_length) == []
    _practice(world, practice_end=dt.date(2027, 2, 28))  # twelve months
    assert _a(world, practice_length) == []


def test_practice_a_day_short_of_six_or_past_twelve_months_is_red_once_started(world: Cast) -> None:
    _practice(world, practice_end=dt.date(2026, 8, 30))
    findings = _a(world, practice_length)
    assert _levels(findings) == [Level.RED]
    assert world.student_a.full_name in findings[0].message
    assert findings[0].url == _student_url(world)
    _practice(world, practice_end=dt.date(2027, 3, 1))
    assert _levels(_a(world, practice_length)) == [Level.RED]
    _practice(world, length_exception_reason="项目周期")
    assert _a(world, practice_length) == []


def test_planned_practice_outside_six_to_twelve_months_is_amber(world: Cast) -> None:
    _practice(
        world,
        stage=Placement.Stage.COURSEWORK,
        practice_start=None,
        practice_end=None,
        planned_practice_start=dt.date(2026, 9, 1),
        planned_practice_end=dt.date(2027, 2, 27),
    )
    assert _levels(_a(world, practice_length)) == [Level.AMBER]
    _practice(world, planned_practice_end=dt.date(2027, 2, 28))
    assert _a(world, practice_length) == []


# --- 5. confidentiality ------------------------------------------------------------------------


def _proposal(world: Cast, confirmed_on: dt.date | None) -> None:
    _practice(world, stage=Placement.Stage.THESIS, proposal_on=dt.date(2026, 6, 1))
    if confirmed_on is not None:
        ConfidentialityConfirmation.objects.create(
            placement=world.placement_a, confirmed_on=confirmed_on, is_confidential=False
        )


def test_confidentiality_confirmed_on_the_proposal_day_is_green(world: Cast) -> None:
    _proposal(world, dt.date(2026, 6, 1))
    assert _a(world, thesis_confidentiality) == []


def test_confidentiality_confirmed_the_day_after_the_proposal_is_red(world: Cast) -> None:
    _proposal(world, dt.date(2026, 6, 2))
    findings = _a(world, thesis_confidentiality)
    assert _levels(findings) == [Level.RED]
    assert "2026-06-02" in findings[0].message
    assert findings[0].url == _student_url(world)


def test_proposal_without_confidentiality_confirmation_is_red(world: Cast) -> None:
    _proposal(world, None)
    findings = _a(world, thesis_confidentiality)
    assert _levels(findings) == [Level.RED]
    assert world.student_a.full_name in findings[0].message


# --- 6. notices --------------------------------------------------------------------------------


def _notice(world: Cast, notice_date: dt.date, new_end: dt.date, kind: str = PracticeNotice.Kind.END_EARLY) -> None:
    PracticeNotice.objects.create(
        placement=world.placement_a,
        kind=kind,
        filed_by=Party.B,
        notice_date=notice_date,
        new_end=new_end,
        reason="原因",
    )


def test_notice_exactly_one_month_ahead_is_green(world: Cast) -> None:
    # The cast's notice: 2026-06-01 to end on 2026-07-01. Month end: 01-31 allows 02-28.
    _notice(world, dt.date(2026, 1, 31), dt.date(2026, 2, 28))
    assert _a(world, notice_periods) == []


def test_notice_a_day_short_of_a_month_is_amber(world: Cast) -> None:
    _notice(world, dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    findings = _a(world, notice_periods)
    assert _levels(findings) == [Level.AMBER]
    assert world.student_a.full_name in findings[0].message
    assert "2026-07-01" in findings[0].message  # the earliest end allowed
    assert findings[0].url == _student_url(world)


def test_short_notice_for_illness_or_older_than_twelve_months_is_green(world: Cast) -> None:
    _notice(world, dt.date(2026, 6, 1), dt.date(2026, 6, 1), kind=PracticeNotice.Kind.ILLNESS)
    _notice(world, dt.date(2025, 6, 14), dt.date(2025, 6, 20))
    assert _a(world, notice_periods) == []
    _notice(world, dt.date(2025, 6, 15), dt.date(2025, 6, 20))
    assert _levels(_a(world, notice_periods)) == [Level.AMBER]


# --- 7. monthly assessments --------------------------------------------------------------------


def test_only_last_month_unconfirmed_is_amber(world: Cast) -> None:
    MonthlyAssessment.objects.filter(placement=world.placement_a, month=dt.date(2026, 5, 1)).update(
        state=MonthlyAssessment.State.SUBMITTED
    )
    findings = _a(world, monthly_assessments)
    assert _levels(findings) == [Level.AMBER]
    assert "2026-05" in findings[0].message
    assert findings[0].url == reverse("assessments:overdue_list")


def test_an_older_month_missing_is_red(world: Cast) -> None:
    MonthlyAssessment.objects.filter(placement=world.placement_a, month=dt.date(2026, 3, 1)).delete()
    findings = _a(world, monthly_assessments)
    assert _levels(findings) == [Level.RED]
    assert "2026-03" in findings[0].message
    assert world.student_a.full_name in findings[0].message


def test_this_month_is_not_due_yet(world: Cast) -> None:
    # On the first of July, June has ended and is due; on the last of June it is not.
    assert _a(world, monthly_assessments) == []
    assert monthly_assessments(TrainingBase.objects.filter(pk=world.base_a.pk), dt.date(2026, 6, 30)) == {}
    july = monthly_assessments(TrainingBase.objects.filter(pk=world.base_a.pk), dt.date(2026, 7, 1))
    assert _levels(july[world.base_a.pk]) == [Level.AMBER]


def test_months_older_than_twelve_months_no_longer_count(world: Cast) -> None:
    old = factories.PlacementFactory(
        base=world.base_a, practice_start=dt.date(2025, 5, 1), practice_end=dt.date(2025, 6, 30)
    )
    # Twelve months before June 2026 is June 2025: May 2025 is left to the overdue list.
    findings = _a(world, monthly_assessments)
    assert _levels(findings) == [Level.RED]
    assert "2025-06" in findings[0].message
    assert "2025-05" not in findings[0].message
    _confirmed(old, dt.date(2025, 6, 1))
    assert _a(world, monthly_assessments) == []


# --- 8. mentors --------------------------------------------------------------------------------


def test_mentor_appointment_ending_today_is_green(world: Cast) -> None:
    Appointment.objects.filter(pk=world.appointment_a.pk).update(ends_on=TODAY)
    assert _a(world, mentor_appointments) == []


def test_mentor_appointment_ended_yesterday_is_red(world: Cast) -> None:
    Appointment.objects.filter(pk=world.appointment_a.pk).update(ends_on=YESTERDAY)
    findings = _a(world, mentor_appointments)
    assert _levels(findings) == [Level.RED]
    assert world.mentor_a.full_name in findings[0].message
    assert findings[0].url == reverse("mentors:mentor_detail", args=[world.mentor_a.pk])
    appointment_create(mentor=world.mentor_a, starts_on=TODAY, ends_on=dt.date(2029, 6, 14), letter_number="聘-新")
    assert _a(world, mentor_appointments) == []


def test_untrained_mentor_is_amber(world: Cast) -> None:
    MentorTraining.objects.filter(mentor=world.mentor_a).delete()
    findings = _a(world, mentor_appointments)
    assert _levels(findings) == [Level.AMBER]
    assert world.mentor_a.full_name in findings[0].message


def test_mentor_reported_once_for_several_students(world: Cast) -> None:
    MentorTraining.objects.filter(mentor=world.mentor_a).delete()
    factories.PlacementFactory(
        base=world.base_a,
        cooperative_mentor=world.mentor_a,
        practice_start=dt.date(2026, 3, 1),
        practice_end=dt.date(2026, 8, 31),
    )
    assert _levels(_a(world, mentor_appointments)) == [Level.AMBER]


# --- 9. evaluation -----------------------------------------------------------------------------


def test_evaluation_due_today_is_green(world: Cast) -> None:
    EvaluationCycle.objects.filter(pk=world.cycle_a.pk).update(due_on=TODAY)
    assert _a(world, evaluation_on_time) == []


def test_open_evaluation_past_due_is_red(world: Cast) -> None:
    EvaluationCycle.objects.filter(pk=world.cycle_a.pk).update(due_on=YESTERDAY)
    findings = _a(world, evaluation_on_time)
    assert _levels(findings) == [Level.RED]
    assert findings[0].url == reverse("agreements:evaluation_detail", args=[world.cycle_a.pk])
    EvaluationCycle.objects.filter(pk=world.cycle_a.pk).update(state=EvaluationCycle.State.EVALUATED, grade="good")
    assert _a(world, evaluation_on_time) == []


# --- 10. expiry --------------------------------------------------------------------------------


def _agreement_until(world: Cast, day: dt.date) -> None:
    Agreement.objects.filter(pk=world.agreement_a.pk).update(ends_on=day, in_force_until=day)


def test_agreement_ending_after_90_days_with_practice_inside_it_is_green(world: Cast) -> None:
    _agreement_until(world, TODAY + dt.timedelta(days=91))
    assert _a(world, agreement_expiry) == []


def test_agreement_ending_within_90_days_while_in_practice_is_amber(world: Cast) -> None:
    _agreement_until(world, TODAY + dt.timedelta(days=90))
    findings = _a(world, agreement_expiry)
    assert _levels(findings) == [Level.AMBER]
    assert findings[0].url == reverse("agreements:agreement_detail", args=[world.agreement_a.pk])


def test_agreement_ending_before_the_practice_is_red(world: Cast) -> None:
    _agreement_until(world, dt.date(2026, 8, 31))  # the practice's last day: still covered
    assert _levels(_a(world, agreement_expiry)) == [Level.AMBER]
    _agreement_until(world, dt.date(2026, 8, 30))
    findings = _a(world, agreement_expiry)
    assert sorted(_levels(findings)) == [Level.AMBER, Level.RED]
    red = next(finding for finding in findings if finding.level == Level.RED)
    assert world.student_a.full_name in red.message
    assert red.url == _student_url(world)
    _practice(world, beyond_agreement_reason="双方同意")
    assert _levels(_a(world, agreement_expiry)) == [Level.AMBER]


def test_planned_practice_past_the_agreement_is_red(world: Cast) -> None:
    _agreement_until(world, dt.date(2027, 1, 31))
    factories.PlacementFactory(
        base=world.base_a,
        stage=Placement.Stage.COURSEWORK,
        planned_practice_start=dt.date(2026, 9, 1),
        planned_practice_end=dt.date(2027, 2, 28),
    )
    assert _levels(_a(world, agreement_expiry)) == [Level.RED]


def test_practice_with_no_agreement_in_force_is_red(world: Cast) -> None:
    _agreement_until(world, YESTERDAY)
    findings = _a(world, agreement_expiry)
    assert _levels(findings) == [Level.RED]
    assert findings[0].url == reverse("agreements:base_detail", args=[world.base_a.pk])


# --- 11. activity ------------------------------------------------------------------------------


def test_activity_this_year_is_green_and_last_year_amber(world: Cast) -> None:
    assert _a(world, yearly_activity) == []
    next_year = yearly_activity(TrainingBase.objects.filter(pk=world.base_a.pk), dt.date(2027, 1, 1))
    assert _levels(next_year[world.base_a.pk]) == [Level.AMBER, Level.AMBER]


# --- queries -----------------------------------------------------------------------------------

# positions 2, allowance 2, safety 3, practice length 1, confidentiality 1, notices 1,
# assessments 2, mentors 1, evaluation 1, expiry 2, activity 1.
QUERIES = 17


def _busy_base(i: int) -> TrainingBase:
    """A base with something wrong on every duty, so every code path runs."""
    base = factories.BaseFactory()
    agreement = factories.AgreementFactory(base=base, ends_on=dt.date(2026, 8, 1), in_force_until=dt.date(2026, 8, 1))
    EvaluationCycle.objects.create(agreement=agreement, base=base, sequence=1, due_on=YESTERDAY)
    placement = factories.PlacementFactory(
        base=base, practice_start=dt.date(2026, 3, 1), practice_end=dt.date(2026, 8, 30), proposal_on=TODAY
    )
    SafetyAgreement.objects.create(
        placement=placement,
        base_signed_on=dt.date(2026, 3, 5),
        student_signed_on=dt.date(2026, 2, 1),
        supervisor_signed_on=dt.date(2026, 2, 1),
        scan=SimpleUploadedFile("safety.pdf", b"%PDF-1.4"),
    )
    _insure(placement, dt.date(2026, 3, 1), YESTERDAY)
    policy = AllowancePolicy.objects.create(
        base=base,
        degree_level="master",
        effective_from=dt.date(2026, 1, 1),
        base_amount=Decimal("1000.00"),
        failed_amount=Decimal("0.00"),
    )
    assessment = _confirmed(placement, dt.date(2026, 4, 1))
    AllowancePayment.objects.create(
        assessment=assessment,
        placement=placement,
        base=base,
        month=assessment.month,
        policy=policy,
        days_in_practice=30,
        amount=Decimal("900.00"),
    )
    PracticeNotice.objects.create(
        placement=placement,
        kind=PracticeNotice.Kind.EXTEND,
        filed_by=Party.A,
        notice_date=dt.date(2026, 6, 1),
        new_end=dt.date(2026, 6, 20),
        reason=f"原因{i}",
    )
    PositionDemand.objects.create(base=base, year=2026, title="岗位", count=1)
    return base


@pytest.mark.parametrize("n", [3, 30])
def test_findings_by_base_runs_a_fixed_number_of_queries(cast: Cast, n: int) -> None:
    bases = [_busy_base(i) for i in range(n)]
    queryset = TrainingBase.objects.filter(pk__in=[base.pk for base in bases])
    with CaptureQueriesContext(connection) as queries:
        findings = findings_by_base(queryset, TODAY)
    assert len(queries) == QUERIES
    assert set(findings) == {base.pk for base in bases}
    duties = {finding.duty for finding in findings[bases[0].pk]}
    assert duties == {duty.key for duty in DUTIES}
