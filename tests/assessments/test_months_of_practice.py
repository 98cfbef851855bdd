"""The months a placement was in practice: what the overdue list and the compliance duty count."""

import datetime as dt

import pytest

from assessments.selectors import months_of_practice
from students.models import Placement


def placement(start: dt.date | None, end: dt.date | None = None) -> Placement:
    return Placement(practice_start=start, practice_end=end)


def months(*pairs: tuple[int, int]) -> list[dt.date]:
    return [dt.date(year, month, 1) for year, month in pairs]


def test_no_practice_no_months() -> None:
    assert months_of_practice(placement(None), dt.date(2026, 11, 30)) == []


def test_every_month_from_the_start_to_until_across_the_new_year() -> None:
    result = months_of_practice(placement(dt.date(2025, 11, 17)), dt.date(2026, 2, 1))
    assert result == months((2025, 11), (2025, 12), (2026, 1), (2026, 2))


def test_an_ended_placement_stops_at_its_last_month() -> None:
    result = months_of_practice(placement(dt.date(2026, 1, 31), dt.date(2026, 3, 1)), dt.date(2026, 11, 30))
    assert result == months((2026, 1), (2026, 2), (2026, 3))


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (dt.date(2025, 12, 31), months((2025, 12), (2026, 1), (2026, 2))),  # the month of since counts
        (dt.date(2025, 1, 1), months((2025, 11), (2025, 12), (2026, 1), (2026, 2))),  # before the start
        (dt.date(2026, 3, 1), []),  # after until
    ],
)
def test_since_cuts_the_earlier_months(since: dt.date, expected: list[dt.date]) -> None:
    assert months_of_practice(placement(dt.date(2025, 11, 17)), dt.date(2026, 2, 1), since) == expected
