"""The allowance rules (base_portal.rules) at every edge: grade bands, month ends, February, the fen.

The agreement pays a student in practice a monthly living allowance on Party B's assessment: in
principle at least 1000 CNY for a master's student and 2000 CNY for a doctoral student, pro-rated
for a part month and rounded half up to the fen.
"""

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.models import AllowancePolicy, MonthlyAssessment
from assessments.services import allowance_for
from base_portal import rules
from tests import factories

D = dt.date
DAY = dt.timedelta(days=1)

# --- grades and floors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (0, "fail"),
        (59, "fail"),
        (60, "pass"),
        (74, "pass"),
        (75, "good"),
        (89, "good"),
        (90, "excellent"),
        (100, "excellent"),
    ],
)
def test_grade_for_score_at_each_band_edge(score: int, grade: str) -> None:
    assert rules.grade_for_score(score) == grade


def test_grade_bands_run_from_the_highest_grade_down_to_zero() -> None:
    lowest = [lowest for _grade, lowest in rules.GRADE_BANDS]
    assert lowest == sorted(lowest, reverse=True)
    assert lowest[-1] == 0
    assert [grade for grade, _lowest in rules.GRADE_BANDS] == ["excellent", "good", "pass", "fail"]


def test_a_negative_score_has_no_grade() -> None:
    with pytest.raises(ValueError, match="-1"):
        rules.grade_for_score(-1)


@pytest.mark.parametrize(("level", "floor"), [("master", Decimal("1000.00")), ("doctoral", Decimal("2000.00"))])
def test_allowance_floor_by_degree_level(level: str, floor: Decimal) -> None:
    assert rules.allowance_floor(level) == floor


# --- month bounds and days in practice ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (D(2027, 2, 14), D(2027, 2, 1), D(2027, 2, 28)),
        (D(2028, 2, 29), D(2028, 2, 1), D(2028, 2, 29)),
        (D(2027, 4, 30), D(2027, 4, 1), D(2027, 4, 30)),
        (D(2027, 12, 1), D(2027, 12, 1), D(2027, 12, 31)),
    ],
)
def test_month_bounds(day: dt.date, first: dt.date, last: dt.date) -> None:
    assert rules.month_bounds(day) == (first, last)


@pytest.mark.parametrize(
    ("month", "start", "end", "days"),
    [
        (D(2027, 3, 1), D(2027, 1, 1), None, 31),  # still going: the whole month
        (D(2027, 3, 1), D(2027, 3, 1), D(2027, 3, 31), 31),
        (D(2027, 3, 1), D(2027, 3, 31), None, 1),  # starts on the month's last day
        (D(2027, 3, 1), D(2027, 1, 1), D(2027, 3, 1), 1),  # ends on the month's first day
        (D(2027, 3, 1), D(2027, 3, 10), D(2027, 3, 20), 11),  # both ends counted
        (D(2027, 3, 1), D(2027, 4, 1), None, 0),  # starts the day after the month
        (D(2027, 3, 1), D(2027, 1, 1), D(2027, 2, 28), 0),  # ended the day before the month
        (D(2028, 2, 1), D(2028, 2, 15), None, 15),
        (D(2027, 2, 1), D(2027, 2, 15), None, 14),
    ],
)
def test_days_in_practice(month: dt.date, start: dt.date, end: dt.date | None, days: int) -> None:
    assert rules.days_in_practice(month, start, end) == days


# --- pro-rating ---------------------------------------------------------------------------------


def test_fifteen_days_of_a_leap_february() -> None:
    assert rules.prorate(Decimal("1000"), D(2028, 2, 1), D(2028, 2, 15), None) == Decimal("517.24")  # 1000 × 15/29


def test_fourteen_days_of_a_common_february() -> None:
    amount = rules.prorate(Decimal("1000"), D(2027, 2, 1), D(2027, 2, 15), None)
    assert str(amount) == "500.00"  # 1000 × 14/28


@pytest.mark.parametrize(
    ("month", "start", "end"),
    [
        (D(2027, 2, 1), D(2027, 2, 1), D(2027, 2, 28)),
        (D(2028, 2, 1), D(2028, 1, 15), D(2028, 2, 29)),
        (D(2027, 12, 1), D(2027, 6, 1), None),
        (D(2027, 4, 1), D(2026, 4, 1), D(2028, 1, 1)),
    ],
)
def test_a_full_month_pays_the_amount_exactly(month: dt.date, start: dt.date, end: dt.date | None) -> None:
    for amount, paid in ((Decimal("1500"), "1500.00"), (Decimal("1234.5"), "1234.50"), (Decimal("2000.00"), "2000.00")):
        assert str(rules.prorate(amount, month, start, end)) == paid


@pytest.mark.parametrize(
    ("month", "start", "end", "expected"),
    [
        (D(2027, 1, 1), D(2027, 1, 31), None, "100.00"),  # the month's last day only: 3100 × 1/31
        (D(2027, 3, 1), D(2026, 9, 1), D(2027, 3, 1), "100.00"),  # the month's first day only
        (D(2027, 4, 1), D(2027, 4, 16), D(2027, 4, 30), "1550.00"),  # 3100 × 15/30
        (D(2027, 4, 1), D(2027, 5, 1), None, "0.00"),  # starts after the month
        (D(2027, 4, 1), D(2026, 10, 1), D(2027, 3, 31), "0.00"),  # ended before the month
    ],
)
def test_prorate_at_month_ends(month: dt.date, start: dt.date, end: dt.date | None, expected: str) -> None:
    assert str(rules.prorate(Decimal("3100.00"), month, start, end)) == expected


def test_prorate_rounds_half_up_to_the_fen() -> None:
    exact = Decimal("1000.25") * 15 / 30
    assert exact == Decimal("500.125")
    assert exact.quantize(rules.FEN, rounding=ROUND_HALF_EVEN) == Decimal("500.12")  # what banker's rounding gives
    assert rules.prorate(Decimal("1000.25"), D(2027, 4, 1), D(2027, 4, 16), None) == Decimal("500.13")


def test_prorate_rounds_to_the_nearest_fen_with_halves_up() -> None:
    # 500.115 and 500.105 are halves (up either way); 1000 × 11/30 = 366.666… is nearer 366.67.
    assert rules.prorate(Decimal("1000.23"), D(2027, 4, 1), D(2027, 4, 16), None) == Decimal("500.12")
    assert rules.prorate(Decimal("1000.21"), D(2027, 4, 1), D(2027, 4, 16), None) == Decimal("500.11")
    assert rules.prorate(Decimal("1000.00"), D(2027, 4, 1), D(2027, 4, 20), None) == Decimal("366.67")  # 11/30


# --- properties ---------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2, allow_nan=False, allow_infinity=False)
months = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))
days = st.dates(min_value=D(2019, 1, 1), max_value=D(2036, 12, 31))


@settings(max_examples=200, deadline=None)
@given(amount=amounts, month=months, start=days, end=st.none() | days)
def test_prorate_stays_within_zero_and_the_amount(
    amount: Decimal, month: dt.date, start: dt.date, end: dt.date | None
) -> None:
    paid = rules.prorate(amount, month, start, end)
    assert Decimal(0) <= paid <= amount
    assert paid.as_tuple().exponent == -2  # exactly two decimal places: fen
    assert paid == rules.prorate(amount, month, start, end)
    first, last = rules.month_bounds(month)
    in_practice = rules.days_in_practice(month, start, end)
    assert 0 <= in_practice <= (last - first).days + 1


@settings(max_examples=200, deadline=None)
@given(extra=amounts, month=months, level=st.sampled_from(["master", "doctoral"]))
def test_a_full_month_at_a_policy_amount_never_falls_below_the_floor(
    extra: Decimal, month: dt.date, level: str
) -> None:
    base_amount = rules.allowance_floor(level) + extra
    first, last = rules.month_bounds(month)
    assert rules.prorate(base_amount, month, first, last) == base_amount >= rules.allowance_floor(level)
    assert rules.prorate(base_amount, month, first - 40 * DAY, None) == base_amount


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    level=st.sampled_from(["master", "doctoral"]),
    extra=st.decimals(min_value=0, max_value=Decimal("5000.00"), places=2),
    bonus=st.decimals(min_value=0, max_value=Decimal("1000.00"), places=2),
    score=st.integers(min_value=60, max_value=100),
    month=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 1)).map(lambda d: d.replace(day=1)),
    ends_that_month=st.booleans(),
)
def test_a_full_month_passed_pays_at_least_the_floor(
    *, level: str, extra: Decimal, bonus: Decimal, score: int, month: dt.date, ends_that_month: bool
) -> None:
    floor = rules.allowance_floor(level)
    first, last = rules.month_bounds(month)
    with transaction.atomic():
        placement = factories.PlacementFactory(
            student=factories.StudentFactory(degree_level=level),
            practice_start=first - 10 * DAY,
            practice_end=last if ends_that_month else None,
        )
        AllowancePolicy.objects.create(
            base=placement.base,
            degree_level=level,
            effective_from=first - 400 * DAY,
            base_amount=floor + extra,
            failed_amount=floor / 2,
            excellent_bonus=bonus,
        )
        assessment = MonthlyAssessment(
            placement=placement,
            base=placement.base,
            month=first,
            attendance_days=20,
            score=score,
            grade=rules.grade_for_score(score),
        )
        allowance = allowance_for(assessment)
        transaction.set_rollback(True)
    assert allowance.amount >= floor
    assert allowance.days == (last - first).days + 1
    assert allowance.reduction_reason == ""
