"""The agreement's numbers and the date arithmetic behind them, in one place.

The agreement is a contract under PRC law, so its periods follow the Civil Code, Articles
201-203: the day a period starts is not counted, and a period in months or years ends on the
corresponding day of its last month, or on that month's last day where it has no such day.
``add_months`` counts months exactly this way (2027-01-31 + 1 month = 2027-02-28).

Practice length is the exception: people count it inclusively, so n months of practice from
day D end on D + n months - 1 day (2027-02-01 to 2027-07-31 is six months).
"""

import calendar
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

AGREEMENT_TERM_YEARS = 3
DEFAULT_AGREEMENT_COPIES = 4
EVALUATION_CYCLE_YEARS = 2
NOTICE_PERIOD_MONTHS = 1
PRACTICE_MIN_MONTHS = 6
PRACTICE_MAX_MONTHS = 12
ALLOWANCE_FLOOR_MASTER = Decimal("1000.00")
ALLOWANCE_FLOOR_DOCTORAL = Decimal("2000.00")

ONE_DAY = dt.timedelta(days=1)


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or that month's last day if it has none.

    The same result as ``start + relativedelta(months=months)``, by arithmetic: the compliance
    checks call this hundreds of thousands of times on a large university's data.
    """
    year, month_index = divmod(start.year * 12 + start.month - 1 + months, 12)
    month = month_index + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def agreement_last_day(effective_from: dt.date) -> dt.date:
    """Last day of an agreement in force from ``effective_from``: three years on, same day."""
    return add_months(effective_from, 12 * AGREEMENT_TERM_YEARS)


def notice_earliest_end(notice_date: dt.date) -> dt.date:
    """Earliest end date a notice given on ``notice_date`` allows: one calendar month on."""
    return add_months(notice_date, NOTICE_PERIOD_MONTHS)


def notice_is_timely(notice_date: dt.date, new_end: dt.date) -> bool:
    """True if ``new_end`` leaves the other party at least one month's notice."""
    return new_end >= notice_earliest_end(notice_date)


def practice_last_day(start: dt.date, months: int) -> dt.date:
    """Last day of ``months`` months of practice from ``start``, counted inclusively."""
    return add_months(start, months) - ONE_DAY


def practice_length_ok(start: dt.date, end: dt.date) -> bool:
    """True if practice from ``start`` to ``end`` (inclusive) lasts 6 to 12 months."""
    return practice_last_day(start, PRACTICE_MIN_MONTHS) <= end <= practice_last_day(start, PRACTICE_MAX_MONTHS)


def evaluation_due_dates(effective_from: dt.date, last_day: dt.date) -> list[dt.date]:
    """Due dates of the biennial evaluations of an agreement in force over the given days."""
    dates = []
    cycle = 1
    while (due := add_months(effective_from, 12 * EVALUATION_CYCLE_YEARS * cycle)) <= last_day:
        dates.append(due)
        cycle += 1
    return dates


def eligible_by_default(*, full_time: bool, non_directed: bool, professional_degree: bool) -> bool:
    """Base students are full-time, non-directed, professional-degree students; others need both parties' consent."""
    return full_time and non_directed and professional_degree


# --- Monthly assessment and living allowance ------------------------------------------------

FEN = Decimal("0.01")
# Score bands of the monthly assessment (0-100), highest first: the lowest score of each grade.
GRADE_BANDS = (("excellent", 90), ("good", 75), ("pass", 60), ("fail", 0))


def allowance_floor(degree_level: str) -> Decimal:
    """The monthly floor in principle: 1000 CNY for a master's student, 2000 for a doctoral student."""
    return ALLOWANCE_FLOOR_DOCTORAL if degree_level == "doctoral" else ALLOWANCE_FLOOR_MASTER


def grade_for_score(score: int) -> str:
    """The grade a 0-100 score maps to."""
    for grade, lowest in GRADE_BANDS:
        if score >= lowest:
            return grade
    raise ValueError(score)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the month containing ``month``."""
    first = month.replace(day=1)
    return first, add_months(first, 1) - ONE_DAY


def days_in_practice(month: dt.date, start: dt.date, end: dt.date | None) -> int:
    """Days of the month spent in practice from ``start`` to ``end`` (inclusive; None: still going)."""
    first, last = month_bounds(month)
    begin = max(first, start)
    finish = min(last, end) if end else last
    return max((finish - begin).days + 1, 0)


def prorate(amount: Decimal, month: dt.date, start: dt.date, end: dt.date | None) -> Decimal:
    """A month's amount for the days spent in practice, rounded half up to the fen.

    A full month pays the whole amount; a part month pays amount × days in practice / days in the month.
    """
    first, last = month_bounds(month)
    days = days_in_practice(month, start, end)
    total = (last - first).days + 1
    if days == total:
        return amount.quantize(FEN, rounding=ROUND_HALF_UP)
    return (amount * days / total).quantize(FEN, rounding=ROUND_HALF_UP)
