"""The agreement's date arithmetic (base_portal.rules) at month ends, leap days and limits."""

import datetime as dt

import pytest

from base_portal import rules

D = dt.date


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        (D(2027, 3, 1), D(2030, 3, 1)),
        (D(2028, 2, 29), D(2031, 2, 28)),  # no 29 February in 2031: the month's last day
        (D(2027, 2, 28), D(2030, 2, 28)),
        (D(2029, 2, 28), D(2032, 2, 28)),  # 2032 is a leap year, but the corresponding day is the 28th
        (D(2027, 12, 31), D(2030, 12, 31)),
        (D(2027, 1, 1), D(2030, 1, 1)),
    ],
)
def test_agreement_last_day(start: dt.date, last_day: dt.date) -> None:
    assert rules.agreement_last_day(start) == last_day


@pytest.mark.parametrize(
    ("notice", "earliest"),
    [
        (D(2027, 1, 31), D(2027, 2, 28)),
        (D(2028, 1, 31), D(2028, 2, 29)),
        (D(2027, 3, 31), D(2027, 4, 30)),
        (D(2027, 12, 31), D(2028, 1, 31)),
        (D(2027, 2, 28), D(2027, 3, 28)),
        (D(2027, 6, 15), D(2027, 7, 15)),
    ],
)
def test_notice_earliest_end(notice: dt.date, earliest: dt.date) -> None:
    assert rules.notice_earliest_end(notice) == earliest
    assert rules.notice_is_timely(notice, earliest)
    assert not rules.notice_is_timely(notice, earliest - dt.timedelta(days=1))
    assert rules.notice_is_timely(notice, earliest + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(2027, 2, 1), 6, D(2027, 7, 31)),
        (D(2027, 3, 1), 12, D(2028, 2, 29)),
        (D(2027, 8, 31), 6, D(2028, 2, 28)),  # 31 Aug + 6 months = 29 Feb 2028, less a day
        (D(2026, 8, 31), 6, D(2027, 2, 27)),
        (D(2027, 9, 15), 6, D(2028, 3, 14)),
    ],
)
def test_practice_last_day(start: dt.date, months: int, last: dt.date) -> None:
    assert rules.practice_last_day(start, months) == last


def test_practice_length_limits_are_inclusive() -> None:
    start = D(2027, 2, 1)
    assert rules.practice_length_ok(start, D(2027, 7, 31))  # exactly six months
    assert not rules.practice_length_ok(start, D(2027, 7, 30))  # a day short
    assert rules.practice_length_ok(start, D(2028, 1, 31))  # exactly twelve months
    assert not rules.practice_length_ok(start, D(2028, 2, 1))  # a day over


def test_practice_limits_across_leap_february() -> None:
    start = D(2027, 3, 1)
    assert rules.practice_length_ok(start, D(2028, 2, 29))
    assert not rules.practice_length_ok(start, D(2028, 3, 1))


def test_evaluation_due_dates_follow_the_start() -> None:
    start = D(2028, 2, 29)
    assert rules.evaluation_due_dates(start, rules.agreement_last_day(start)) == [D(2030, 2, 28)]
    start = D(2027, 3, 1)
    assert rules.evaluation_due_dates(start, D(2031, 3, 1)) == [D(2029, 3, 1), D(2031, 3, 1)]


def test_allowance_floors_are_decimal() -> None:
    assert str(rules.ALLOWANCE_FLOOR_MASTER) == "1000.00"
    assert str(rules.ALLOWANCE_FLOOR_DOCTORAL) == "2000.00"


@pytest.mark.parametrize(
    ("full_time", "non_directed", "professional", "eligible"),
    [
        (True, True, True, True),
        (False, True, True, False),
        (True, False, True, False),
        (True, True, False, False),
        (False, False, False, False),
    ],
)
def test_default_eligibility(full_time: bool, non_directed: bool, professional: bool, eligible: bool) -> None:
    assert (
        rules.eligible_by_default(full_time=full_time, non_directed=non_directed, professional_degree=professional)
        is eligible
    )


def test_add_months_agrees_with_relativedelta_on_every_day_of_a_decade() -> None:
    """The arithmetic version matches dateutil's month arithmetic, month ends and leap days included."""
    from dateutil.relativedelta import relativedelta

    day = dt.date(2020, 1, 1)
    while day < dt.date(2031, 1, 1):
        for months in (-37, -12, -1, 0, 1, 11, 12, 13, 36):
            assert rules.add_months(day, months) == day + relativedelta(months=months), (day, months)
        day += dt.timedelta(days=1)
