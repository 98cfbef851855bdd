"""Checking a candidate against Party A's criteria for cooperative mentors.

The criteria are data the office sets (``AppointmentCriteria``); only the ordering of title
levels and degrees is fixed here, because it is what the words mean.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import AppointmentCriteria, Degree, TitleLevel

TITLE_RANK = {level: rank for rank, level in enumerate(TitleLevel.values, start=1)}
DEGREE_RANK = {degree: rank for rank, degree in enumerate(Degree.values, start=1)}


@dataclass(frozen=True)
class CriterionResult:
    """One line of the check: what is required, what the candidate has, and whether it is met."""

    name: str | Promise
    required: str
    actual: str
    met: bool


def criteria_check(
    criteria: AppointmentCriteria, *, title_level: str, degree: str, years_of_experience: int | None
) -> list[CriterionResult]:
    """Compare a candidate with each criterion. A missing value never meets a criterion."""
    years = years_of_experience if years_of_experience is not None else -1
    return [
        CriterionResult(
            _("Professional title level"),
            str(TitleLevel(criteria.min_title_level).label),
            str(TitleLevel(title_level).label) if title_level in TITLE_RANK else "—",
            TITLE_RANK.get(title_level, 0) >= TITLE_RANK[criteria.min_title_level],
        ),
        CriterionResult(
            _("Degree"),
            str(Degree(criteria.min_degree).label),
            str(Degree(degree).label) if degree in DEGREE_RANK else "—",
            DEGREE_RANK.get(degree, 0) >= DEGREE_RANK[criteria.min_degree],
        ),
        CriterionResult(
            _("Years of experience"),
            str(criteria.min_years_of_experience),
            str(years_of_experience) if years_of_experience is not None else "—",
            years >= criteria.min_years_of_experience,
        ),
    ]


def meets_all(results: list[CriterionResult]) -> bool:
    return all(result.met for result in results)
