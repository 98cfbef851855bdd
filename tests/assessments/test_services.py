"""Assessment and allowance services at every boundary: one per month, all or nothing, the lock,
the amendment trail, the floor, pro-rating and what is overdue.

Most tests build their own world from factories: a base whose master's allowance is 1500 CNY from
2027-01-01 (800 for a failed month, 300 extra for an excellent one), a cooperative mentor with a
login, and students in practice from 2027-03-01 to 2027-08-31. Selector and page checks use the
shared cast instead, where roles decide what each user sees.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from accounts.models import User
from agreements.models import TrainingBase
from assessments.models import AllowancePayment, AllowancePolicy, MonthlyAssessment, WorkSummary
from assessments.selectors import overdue_assessments
from assessments.services import (
    MonthRow,
    MonthSaveError,
    allowance_for,
    assessment_amend,
    assessment_confirm,
    month_save,
    payment_record_paid,
    policy_for,
    policy_set,
    work_summary_save,
)
from base_portal import rules
from mentors.models import Mentor
from students.models import Placement
from tests import factories
from tests.conftest import Cast

pytestmark = pytest.mark.django_db
D = dt.date
DAY = dt.timedelta(days=1)
State = MonthlyAssessment.State

START = D(2027, 3, 1)
END = D(2027, 8, 31)
APRIL = D(2027, 4, 1)  # 30 days
CONFIRMED_ON = D(2027, 5, 6)
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def messages_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


@dataclass
class Site:
    """One base with its master's policy, a mentor who logs in, and the base admin who confirms."""

    base: TrainingBase
    mentor: Mentor
    mentor_user: User
    admin: User
    policy: AllowancePolicy

    def placed(
        self, start: dt.date | None = START, end: dt.date | None = END, *, level: str = "master", **fields: object
    ) -> Placement:
        """A student of this base's mentor (unless another is given) in practice from ``start`` to ``end``."""
        fields.setdefault("cooperative_mentor", self.mentor)
        return factories.PlacementFactory(
            base=self.base,
            student=factories.StudentFactory(degree_level=level),
            practice_start=start,
            practice_end=end,
            **fields,
        )

    def save(
        self, placement: Placement, month: dt.date = APRIL, *, score: int = 80, submit: bool = True
    ) -> MonthlyAssessment:
        in_practice = rules.days_in_practice(month, placement.practice_start or month, placement.practice_end)
        (assessment,) = month_save(
            mentor=self.mentor_user,
            month=month,
            rows=[MonthRow(placement=placement, attendance_days=min(20, in_practice), score=score)],
            submit=submit,
        )
        return assessment

    def confirm(self, placement: Placement, month: dt.date = APRIL, *, score: int = 80) -> AllowancePayment:
        return assessment_confirm(
            assessment=self.save(placement, month, score=score), confirmed_by=self.admin, today=CONFIRMED_ON
        )


@pytest.fixture
def site(db: None) -> Site:
    base = factories.BaseFactory()
    mentor_user = factories.UserFactory(full_name="刘合作")
    mentor = factories.CooperativeMentorFactory(base=base, user=mentor_user)
    policy = policy_set(
        base=base,
        degree_level="master",
        effective_from=D(2027, 1, 1),
        base_amount=Decimal("1500.00"),
        failed_amount=Decimal("800.00"),
        excellent_bonus=Decimal("300.00"),
    )
    return Site(base=base, mentor=mentor, mentor_user=mentor_user, admin=factories.UserFactory(), policy=policy)


def snapshot() -> list[tuple[object, ...]]:
    return list(
        MonthlyAssessment.objects.order_by("pk").values_list("pk", "placement_id", "month", "score", "state", "grade")
    )


# --- one assessment per placement and month -----------------------------------------------------


def test_the_database_allows_one_assessment_per_placement_and_month(site: Site) -> None:
    placement = site.placed()
    site.save(placement)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyAssessment.objects.create(
            placement=placement, base=site.base, month=APRIL, attendance_days=10, score=70, grade="pass"
        )
    assert MonthlyAssessment.objects.filter(placement=placement).count() == 1


def test_the_database_stores_a_month_as_its_first_day(site: Site) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyAssessment.objects.create(
            placement=site.placed(), base=site.base, month=D(2027, 4, 2), attendance_days=10, score=70, grade="pass"
        )


def test_saving_the_month_again_updates_the_same_assessment(site: Site) -> None:
    placement = site.placed()
    first = site.save(placement, score=80, submit=False)
    second = site.save(placement, D(2027, 4, 17), score=92, submit=False)  # any day of the month is that month
    assert second.pk == first.pk
    stored = MonthlyAssessment.objects.get(placement=placement)
    assert (stored.month, stored.score, stored.grade) == (APRIL, 92, "excellent")


def test_draft_and_submit(site: Site) -> None:
    placement = site.placed()
    draft = site.save(placement, submit=False)
    assert (draft.state, draft.written_by, draft.grade) == (State.DRAFT, site.mentor_user, "good")
    submitted = site.save(placement, submit=True)
    assert MonthlyAssessment.objects.get(pk=draft.pk).state == submitted.state == State.SUBMITTED


# --- the month is saved whole or not at all ------------------------------------------------------


def _bad_score(site: Site) -> tuple[Placement, MonthRow]:
    placement = site.placed()
    return placement, MonthRow(placement=placement, attendance_days=20, score=101)


def _too_many_days(site: Site) -> tuple[Placement, MonthRow]:
    placement = site.placed(start=D(2027, 4, 16))  # 15 days of April in practice
    return placement, MonthRow(placement=placement, attendance_days=16, score=80)


def _another_mentors_student(site: Site) -> tuple[Placement, MonthRow]:
    placement = site.placed(cooperative_mentor=factories.CooperativeMentorFactory(base=site.base))
    return placement, MonthRow(placement=placement, attendance_days=20, score=80)


def _not_in_practice(site: Site) -> tuple[Placement, MonthRow]:
    placement = site.placed(start=D(2027, 5, 1))
    return placement, MonthRow(placement=placement, attendance_days=0, score=80)


def _confirmed(site: Site) -> tuple[Placement, MonthRow]:
    placement = site.placed()
    site.confirm(placement)
    return placement, MonthRow(placement=placement, attendance_days=21, score=95)


@pytest.mark.parametrize(
    ("make_bad_row", "message"),
    [
        (_bad_score, "100"),
        (_too_many_days, ""),
        (_another_mentors_student, ""),
        (_not_in_practice, ""),
        (_confirmed, ""),
    ],
    ids=["score-101", "attendance-above-days", "not-my-student", "not-in-practice", "confirmed"],
)
def test_one_bad_row_saves_nothing_and_is_named(
    site: Site, make_bad_row: Callable[[Site], tuple[Placement, MonthRow]], message: str
) -> None:
    good_draft, good_new = site.placed(), site.placed()
    site.save(good_draft, score=70, submit=False)
    bad, bad_row = make_bad_row(site)
    before = snapshot()
    rows = [
        MonthRow(placement=good_draft, attendance_days=22, score=95),
        bad_row,
        MonthRow(placement=good_new, attendance_days=22, score=85),
    ]
    with pytest.raises(MonthSaveError) as error:
        month_save(mentor=site.mentor_user, month=APRIL, rows=rows, submit=True)
    assert set(error.value.by_placement) == {bad.pk}
    assert error.value.by_placement[bad.pk]
    assert message in " ".join(error.value.by_placement[bad.pk])
    assert snapshot() == before
    assert not MonthlyAssessment.objects.filter(placement=good_new).exists()
    assert MonthlyAssessment.objects.get(placement=good_draft).score == 70


def test_attendance_equal_to_the_days_in_practice_is_accepted(site: Site) -> None:
    placement = site.placed(start=D(2027, 4, 16))
    (saved,) = month_save(
        mentor=site.mentor_user,
        month=APRIL,
        rows=[MonthRow(placement=placement, attendance_days=15, score=80)],
        submit=False,
    )
    assert saved.attendance_days == 15


# --- confirmation and the lock ------------------------------------------------------------------


def test_confirmation_locks_the_assessment_and_sets_the_allowance(site: Site) -> None:
    placement = site.placed()
    payment = site.confirm(placement, score=80)
    assessment = payment.assessment
    assert (assessment.state, assessment.confirmed_by, assessment.confirmed_on) == (
        State.CONFIRMED,
        site.admin,
        CONFIRMED_ON,
    )
    assert (payment.amount, payment.days_in_practice, payment.policy, payment.month) == (
        Decimal("1500.00"),
        30,
        site.policy,
        APRIL,
    )
    assert (payment.base, payment.placement, payment.reduction_reason) == (site.base, placement, "")
    with pytest.raises(MonthSaveError) as error:
        site.save(placement, score=60)
    assert set(error.value.by_placement) == {placement.pk}
    assert MonthlyAssessment.objects.get(pk=assessment.pk).score == 80


def test_a_draft_cannot_be_confirmed(site: Site) -> None:
    draft = site.save(site.placed(), submit=False)
    with pytest.raises(ValidationError):
        assessment_confirm(assessment=draft, confirmed_by=site.admin, today=CONFIRMED_ON)
    assert MonthlyAssessment.objects.get(pk=draft.pk).state == State.DRAFT
    assert not AllowancePayment.objects.filter(assessment=draft).exists()


def test_an_assessment_is_confirmed_once(site: Site) -> None:
    payment = site.confirm(site.placed())
    with pytest.raises(ValidationError):
        assessment_confirm(assessment=payment.assessment, confirmed_by=factories.UserFactory(), today=D(2027, 6, 1))
    assessment = MonthlyAssessment.objects.get(pk=payment.assessment.pk)
    assert (assessment.confirmed_by, assessment.confirmed_on) == (site.admin, CONFIRMED_ON)
    assert AllowancePayment.objects.filter(assessment=assessment).count() == 1


def test_confirmation_without_a_policy_is_refused_and_changes_nothing(site: Site) -> None:
    placement = site.placed(level="doctoral")  # the base has set no doctoral policy
    assessment = site.save(placement)
    with pytest.raises(ValidationError):
        assessment_confirm(assessment=assessment, confirmed_by=site.admin, today=CONFIRMED_ON)
    assert MonthlyAssessment.objects.get(pk=assessment.pk).state == State.SUBMITTED
    assert not AllowancePayment.objects.exists()


# --- the amendment trail ------------------------------------------------------------------------


def test_only_a_confirmed_assessment_is_amended(site: Site) -> None:
    submitted = site.save(site.placed())
    with pytest.raises(ValidationError):
        assessment_amend(assessment=submitted, amended_by=site.admin, reason="更正", score=90)
    assert MonthlyAssessment.objects.get(pk=submitted.pk).score == 80


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_amendment_needs_a_reason(site: Site, reason: str) -> None:
    payment = site.confirm(site.placed())
    with pytest.raises(ValidationError) as error:
        assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason=reason, score=95)
    assert "reason" in error.value.error_dict
    assert MonthlyAssessment.objects.get(pk=payment.assessment.pk).score == 80


def test_only_the_assessment_itself_is_amendable(site: Site) -> None:
    payment = site.confirm(site.placed())
    with pytest.raises(TypeError, match="state"):
        assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="更正", state=State.DRAFT)


def test_an_amendment_recomputes_the_grade_and_the_allowance(site: Site) -> None:
    payment = site.confirm(site.placed(), score=80)
    amended = assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="补录加班", score=95)
    assert (amended.score, amended.grade, amended.state) == (95, "excellent", State.CONFIRMED)
    payment.refresh_from_db()
    assert (payment.amount, payment.reduction_reason) == (Decimal("1800.00"), "")  # 1500 + 300 for excellent

    assessment_amend(assessment=amended, amended_by=site.admin, reason="考勤核实有误", score=59)
    payment.refresh_from_db()
    assert MonthlyAssessment.objects.get(pk=amended.pk).grade == "fail"
    assert payment.amount == Decimal("800.00")
    assert payment.reduction_reason
    assert AllowancePayment.objects.filter(assessment=amended).count() == 1


def test_the_history_keeps_both_versions_and_the_reason(site: Site) -> None:
    payment = site.confirm(site.placed(), score=80)
    assessment_amend(
        assessment=payment.assessment, amended_by=site.admin, reason="  核对考勤后更正  ", score=95, attendance_days=22
    )
    history = list(payment.assessment.history.order_by("history_date", "history_id"))
    latest, before = history[-1], history[-2]
    assert (before.score, before.attendance_days, before.grade, before.state) == (80, 20, "good", State.CONFIRMED)
    assert (latest.score, latest.attendance_days, latest.grade) == (95, 22, "excellent")
    assert latest.history_change_reason == "核对考勤后更正"
    assert [record.score for record in history] == [80, 80, 95]  # submitted, confirmed, amended


def test_the_history_records_who_amended_even_outside_a_request(site: Site) -> None:
    payment = site.confirm(site.placed(), score=80)
    assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="更正", score=95)
    latest = payment.assessment.history.order_by("-history_date", "-history_id").first()
    assert latest is not None
    assert latest.history_user == site.admin


def test_a_long_reason_is_kept_in_full_or_refused_cleanly(site: Site) -> None:
    payment = site.confirm(site.placed(), score=80)
    reason = "经与学生及合作导师核对考勤记录，" * 8  # 128 characters
    try:
        with transaction.atomic():
            assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason=reason, score=95)
    except ValidationError as error:
        assert "reason" in error.error_dict  # noqa: PT017 - either outcome is acceptable, a crash is not
        assert MonthlyAssessment.objects.get(pk=payment.assessment.pk).score == 80
    else:
        latest = payment.assessment.history.order_by("-history_date", "-history_id").first()
        assert latest is not None
        assert latest.history_change_reason == reason


def test_an_amendment_cannot_record_more_attendance_than_days_in_practice(site: Site) -> None:
    payment = site.confirm(site.placed(start=D(2027, 4, 16)), score=80)  # 15 days of April, 15 attended
    assert payment.assessment.attendance_days == 15
    with pytest.raises(ValidationError):
        assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="更正", attendance_days=16)
    assert MonthlyAssessment.objects.get(pk=payment.assessment.pk).attendance_days == 15


def test_a_paid_month_cannot_be_amended(site: Site) -> None:
    payment = site.confirm(site.placed(), score=80)
    payment_record_paid(payment=payment, paid_on=D(2027, 5, 10), reference="2027-05-001")
    with pytest.raises(ValidationError):
        assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="更正", score=95)
    assert MonthlyAssessment.objects.get(pk=payment.assessment.pk).score == 80
    assert AllowancePayment.objects.get(pk=payment.pk).amount == Decimal("1500.00")


def test_an_amendment_without_changes_recomputes_the_same_payment(site: Site) -> None:
    payment = site.confirm(site.placed(start=D(2027, 4, 11)), score=91)  # 20 of 30 days, excellent
    again = allowance_for(payment.assessment)
    assert (again.amount, again.days) == (payment.amount, payment.days_in_practice) == (Decimal("1200.00"), 20)
    assert allowance_for(payment.assessment) == again
    assessment_amend(assessment=payment.assessment, amended_by=site.admin, reason="复核无误")
    recomputed = AllowancePayment.objects.get(assessment=payment.assessment)
    assert (recomputed.pk, recomputed.amount, recomputed.reduction_reason) == (
        payment.pk,
        payment.amount,
        payment.reduction_reason,
    )


# --- payments -----------------------------------------------------------------------------------


def test_a_payment_is_recorded_as_paid_once(site: Site) -> None:
    payment = site.confirm(site.placed())
    paid = payment_record_paid(payment=payment, paid_on=D(2027, 5, 10), reference=" 2027-05-001 ")
    assert (paid.paid_on, paid.reference) == (D(2027, 5, 10), "2027-05-001")
    with pytest.raises(ValidationError):
        payment_record_paid(payment=payment, paid_on=D(2027, 5, 11), reference="2027-05-002")
    stored = AllowancePayment.objects.get(pk=payment.pk)
    assert (stored.paid_on, stored.reference) == (D(2027, 5, 10), "2027-05-001")


# --- the floor ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "amount"),
    [("master", "999.99"), ("doctoral", "1999.99"), ("doctoral", "1000.00"), ("master", "0.00")],
)
def test_a_policy_below_the_floor_is_refused(site: Site, level: str, amount: str) -> None:
    with pytest.raises(ValidationError) as error:
        policy_set(
            base=site.base,
            degree_level=level,
            effective_from=D(2027, 6, 1),
            base_amount=Decimal(amount),
            failed_amount=Decimal("0.00"),
        )
    assert set(error.value.error_dict) == {"base_amount"}
    assert str(rules.allowance_floor(level).quantize(Decimal(1))) in messages_of(error)
    assert not AllowancePolicy.objects.filter(effective_from=D(2027, 6, 1)).exists()


@pytest.mark.parametrize(("level", "amount"), [("master", "1000.00"), ("doctoral", "2000.00")])
def test_a_policy_exactly_at_the_floor_is_accepted(site: Site, level: str, amount: str) -> None:
    policy = policy_set(
        base=site.base,
        degree_level=level,
        effective_from=D(2027, 6, 1),
        base_amount=Decimal(amount),
        failed_amount=Decimal("500.00"),
    )
    assert AllowancePolicy.objects.get(pk=policy.pk).base_amount == Decimal(amount)


@pytest.mark.parametrize(("level", "amount"), [("master", "999.99"), ("doctoral", "1999.99")])
def test_the_database_refuses_a_policy_below_the_floor(site: Site, level: str, amount: str) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AllowancePolicy.objects.create(
            base=site.base,
            degree_level=level,
            effective_from=D(2027, 6, 1),
            base_amount=Decimal(amount),
            failed_amount=Decimal("0.00"),
        )
    assert not AllowancePolicy.objects.filter(effective_from=D(2027, 6, 1)).exists()


def test_a_failed_month_cannot_pay_more_than_the_monthly_amount(site: Site) -> None:
    with pytest.raises(ValidationError):
        policy_set(
            base=site.base,
            degree_level="master",
            effective_from=D(2027, 6, 1),
            base_amount=Decimal("1500.00"),
            failed_amount=Decimal("1500.01"),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        AllowancePolicy.objects.create(
            base=site.base,
            degree_level="master",
            effective_from=D(2027, 6, 1),
            base_amount=Decimal("1500.00"),
            failed_amount=Decimal("1500.01"),
        )
    assert not AllowancePolicy.objects.filter(effective_from=D(2027, 6, 1)).exists()
    equal = policy_set(
        base=site.base,
        degree_level="master",
        effective_from=D(2027, 6, 1),
        base_amount=Decimal("1500.00"),
        failed_amount=Decimal("1500.00"),
    )
    assert equal.failed_amount == equal.base_amount


def test_a_base_has_one_policy_per_level_and_date(site: Site) -> None:
    with pytest.raises(ValidationError):
        policy_set(
            base=site.base,
            degree_level="master",
            effective_from=site.policy.effective_from,
            base_amount=Decimal("1600.00"),
            failed_amount=Decimal("800.00"),
        )
    assert AllowancePolicy.objects.filter(base=site.base).count() == 1


# --- which policy, and how much -----------------------------------------------------------------


def test_policy_for_picks_the_latest_policy_applying_in_the_month(site: Site) -> None:
    def policy(effective_from: dt.date, amount: str, level: str = "master") -> AllowancePolicy:
        return policy_set(
            base=site.base,
            degree_level=level,
            effective_from=effective_from,
            base_amount=Decimal(amount),
            failed_amount=Decimal("800.00"),
        )

    mid_may = policy(D(2027, 5, 15), "1600.00")
    july = policy(D(2027, 7, 1), "1700.00")
    policy(D(2027, 4, 1), "2500.00", level="doctoral")  # another level does not apply
    factories.BaseFactory()  # another base's policies do not apply
    placement = site.placed()
    assert policy_for(placement, D(2027, 4, 1)) == site.policy
    assert policy_for(placement, D(2027, 5, 1)) == mid_may  # from the 15th: it applies to that month
    assert policy_for(placement, D(2027, 6, 30)) == mid_may
    assert policy_for(placement, D(2027, 7, 1)) == july
    with pytest.raises(ValidationError):
        policy_for(placement, D(2026, 12, 1))


@pytest.mark.parametrize(
    ("score", "amount", "reduced"),
    [(95, "1800.00", False), (90, "1800.00", False), (89, "1500.00", False), (60, "1500.00", False)],
)
def test_allowance_by_grade_for_a_full_month(site: Site, score: int, amount: str, reduced: bool) -> None:
    allowance = allowance_for(site.save(site.placed(), score=score))
    assert (allowance.amount, allowance.days, allowance.policy) == (Decimal(amount), 30, site.policy)
    assert bool(allowance.reduction_reason) is reduced


def test_a_failed_month_pays_the_failed_amount_with_the_reason(site: Site) -> None:
    allowance = allowance_for(site.save(site.placed(), score=59))
    assert allowance.amount == Decimal("800.00")
    assert allowance.reduction_reason


def test_a_part_month_is_pro_rated_with_the_reason(site: Site) -> None:
    allowance = allowance_for(site.save(site.placed(start=D(2027, 3, 10)), D(2027, 3, 1)))
    assert (allowance.days, allowance.amount) == (22, Decimal("1064.52"))  # 1500 × 22/31 = 1064.516…
    assert "22" in allowance.reduction_reason
    last = allowance_for(site.save(site.placed(end=D(2027, 8, 20)), D(2027, 8, 1), score=95))
    assert (last.days, last.amount) == (20, Decimal("1161.29"))  # (1500 + 300) × 20/31 = 1161.290…
    assert "20" in last.reduction_reason


def test_practice_from_the_15th_of_a_leap_february_pays_15_of_29_days(site: Site) -> None:
    placement = site.placed(start=D(2028, 2, 15), end=D(2028, 8, 14))
    payment = site.confirm(placement, D(2028, 2, 1))
    expected = (Decimal("1500.00") * 15 / 29).quantize(rules.FEN, rounding=ROUND_HALF_UP)
    assert (payment.days_in_practice, payment.amount) == (15, expected) == (15, Decimal("775.86"))
    assert payment.reduction_reason


def test_a_failed_part_month_is_pro_rated_from_the_failed_amount(site: Site) -> None:
    allowance = allowance_for(site.save(site.placed(start=D(2027, 4, 16)), score=30))
    assert (allowance.days, allowance.amount) == (15, Decimal("400.00"))
    assert allowance.reduction_reason


# --- the ledger adds up -------------------------------------------------------------------------


def test_the_ledger_total_is_the_sum_of_its_lines(cast: Cast) -> None:
    mentor = cast.users["mentor"]
    starts = [D(2026, 5, 1), D(2026, 5, 11), D(2026, 5, 20), D(2026, 5, 31)]
    placements = [
        factories.PlacementFactory(
            base=cast.base_a, cooperative_mentor=cast.mentor_a, practice_start=start, practice_end=D(2026, 10, 31)
        )
        for start in starts
    ]
    saved = month_save(
        mentor=mentor,
        month=D(2026, 5, 1),
        rows=[
            MonthRow(placement=p, attendance_days=1, score=score)
            for p, score in zip([cast.placement_a, *placements], [95, 70, 50, 88, 61], strict=True)
        ],
        submit=True,
    )
    for assessment in saved:
        assessment_confirm(assessment=assessment, confirmed_by=cast.users["baseadmin"], today=D(2026, 6, 3))
    client = Client()
    client.force_login(cast.users["office"])
    response = client.get(reverse("assessments:ledger"), {"month": "2026-05", "base": cast.base_a.pk})
    assert response.status_code == 200
    lines = list(response.context["page"].object_list)
    payments = AllowancePayment.objects.filter(base=cast.base_a, month=D(2026, 5, 1))
    assert len(lines) == payments.count() == 5
    assert response.context["total"] == sum(line.amount for line in lines) == payments.aggregate(t=Sum("amount"))["t"]
    assert response.context["total"] == sum((allowance_for(a).amount for a in saved), Decimal(0))


# --- the student's work summary ------------------------------------------------------------------


def test_a_work_summary_is_kept_once_per_month(site: Site) -> None:
    placement = site.placed()
    first = work_summary_save(placement=placement, month=D(2027, 4, 18), text="调试巡检算法")
    again = work_summary_save(placement=placement, month=APRIL, text="调试巡检算法，完成现场测试")
    assert again.pk == first.pk
    stored = WorkSummary.objects.get(placement=placement)
    assert (stored.month, stored.text) == (APRIL, "调试巡检算法，完成现场测试")


@pytest.mark.parametrize(
    ("start", "end", "month"),
    [(START, END, D(2027, 2, 1)), (START, END, D(2027, 9, 1)), (None, None, APRIL)],
    ids=["before-practice", "after-practice", "never-started"],
)
def test_a_work_summary_outside_practice_is_refused(
    site: Site, start: dt.date | None, end: dt.date | None, month: dt.date
) -> None:
    placement = site.placed(start=start, end=end)
    with pytest.raises(ValidationError) as error:
        work_summary_save(placement=placement, month=month, text="总结")
    assert "month" in error.value.error_dict
    assert not WorkSummary.objects.exists()


def test_a_work_summary_in_the_first_and_last_part_months_is_accepted(site: Site) -> None:
    placement = site.placed(start=D(2027, 3, 31), end=D(2027, 8, 1))
    for month in (D(2027, 3, 1), D(2027, 8, 1)):
        work_summary_save(placement=placement, month=month, text="总结")
    assert WorkSummary.objects.filter(placement=placement).count() == 2


# --- what is overdue ----------------------------------------------------------------------------


def overdue_months(cast: Cast, persona: str, today: dt.date) -> dict[int, list[dt.date]]:
    found: dict[int, list[dt.date]] = {}
    for placement, month in overdue_assessments(cast.users[persona], today):
        found.setdefault(placement.pk, []).append(month)
    return found


def test_overdue_lists_ended_months_without_a_confirmed_assessment(cast: Cast) -> None:
    # Both cast placements practise 2026-03-01 to 2026-08-31; April is confirmed for each.
    site_mentor = cast.users["mentor"]
    (submitted,) = month_save(
        mentor=site_mentor,
        month=D(2026, 5, 1),
        rows=[MonthRow(placement=cast.placement_a, attendance_days=20, score=80)],
        submit=True,
    )
    assert submitted.state == State.SUBMITTED  # submitted but not confirmed: still overdue
    today = D(2026, 6, 10)
    assert overdue_months(cast, "office", today) == {
        cast.placement_a.pk: [D(2026, 3, 1), D(2026, 5, 1)],
        cast.placement_b.pk: [D(2026, 3, 1), D(2026, 5, 1)],
    }
    assert overdue_months(cast, "baseadmin", today) == {cast.placement_a.pk: [D(2026, 3, 1), D(2026, 5, 1)]}

    assessment_confirm(assessment=submitted, confirmed_by=cast.users["baseadmin"], today=today)
    assert overdue_months(cast, "baseadmin", today) == {cast.placement_a.pk: [D(2026, 3, 1)]}


def test_overdue_stops_at_the_end_of_practice_and_skips_the_current_month(cast: Cast) -> None:
    late = factories.PlacementFactory(
        base=cast.base_a, cooperative_mentor=cast.mentor_a, practice_start=D(2026, 6, 30), practice_end=None
    )
    starts_this_month = factories.PlacementFactory(
        base=cast.base_a, cooperative_mentor=cast.mentor_a, practice_start=D(2026, 7, 1), practice_end=None
    )
    found = overdue_months(cast, "baseadmin", D(2026, 7, 31))
    assert found[late.pk] == [D(2026, 6, 1)]  # one day of June in practice; July has not ended
    assert starts_this_month.pk not in found
    found = overdue_months(cast, "baseadmin", D(2026, 10, 1))
    assert found[cast.placement_a.pk] == [D(2026, m, 1) for m in (3, 5, 6, 7, 8)]  # practice ended in August
    assert found[starts_this_month.pk] == [D(2026, m, 1) for m in (7, 8, 9)]
